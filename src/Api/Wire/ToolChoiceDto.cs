namespace LlmAspire.Api.Wire;

/// <summary>
/// <c>tool_choice</c>: a mode string (<c>none</c>, <c>auto</c>, <c>required</c>) or a named function.
/// </summary>
internal sealed class ToolChoiceDto
{
    public string? Mode { get; init; }

    public string? FunctionName { get; init; }
}
