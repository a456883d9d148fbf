using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>Source-generated metadata for the OpenAI wire types, so no reflection runs per request.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
