namespace LlmAspire.Api.Wire;

/// <summary>A tool call an assistant message made earlier in the conversation.</summary>
internal sealed class ToolCallDto
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public FunctionCallDto? Function { get; set; }
}
