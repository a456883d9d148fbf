using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>The <c>json_schema</c> of a structured-output response format.</summary>
internal sealed class JsonSchemaDto
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Schema { get; set; }

    public bool? Strict { get; set; }
}
