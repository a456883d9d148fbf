namespace LlmAspire.Api.Wire;

/// <summary>One entry of <c>tools</c>; only <c>function</c> tools exist.</summary>
internal sealed class ToolDto
{
    public string? Type { get; set; }

    public FunctionDefinitionDto? Function { get; set; }
}
