using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>A function tool's declaration: name, description and the JSON schema of its parameters.</summary>
internal sealed class FunctionDefinitionDto
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}
