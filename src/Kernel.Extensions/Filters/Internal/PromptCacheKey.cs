using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace LlmAspire.Filters.Internal;

/// <summary>
/// The key of a prompt function's answer: <c>llmaspire:prompt:v1:{sha256 hex}</c> over the format version, the
/// rendered prompt and the execution settings, serialized whole: what reaches the model. The function's name is left
/// out, because prompts invoked inline get a new random name on every call.
/// </summary>
internal static class PromptCacheKey
{
    private const string Prefix = "llmaspire:prompt:v1:";

    // LIMITATION: execution settings are typed per connector (OpenAIPromptExecutionSettings, ...), so they are
    // serialized through reflection-based metadata, built once per settings type and cached by the serializer; a
    // source-generated context cannot know connector types. Accepted for a filter on SK prompt calls, which are not
    // the gateway's hot path; a settings-to-ChatOptions mapping from SK would remove it.
    private static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web);

    public static string Compute(string renderedPrompt, IReadOnlyList<JsonElement> settings)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(1);
            writer.WriteStringValue(renderedPrompt);
            foreach (var element in settings)
            {
                element.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return string.Concat(Prefix, Convert.ToHexStringLower(hash));
    }

    /// <summary>Serializes the execution settings the call runs with (service id and model id included), if any.</summary>
    public static List<JsonElement> Serialize(PromptExecutionSettings? settings) =>
        settings is null ? [] : [JsonSerializer.SerializeToElement(settings, settings.GetType(), SettingsJson)];
}
