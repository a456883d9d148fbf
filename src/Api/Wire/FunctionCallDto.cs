namespace LlmAspire.Api.Wire;

/// <summary>The function of a tool call; <see cref="Arguments"/> is a JSON object serialized as a string.</summary>
internal sealed class FunctionCallDto
{
    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
