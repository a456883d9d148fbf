using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>
/// Computes the cache key of a request: <c>llmaspire:chat:v{FormatVersion}:{sha256 hex}</c>, where the hash covers,
/// written once with a <see cref="Utf8JsonWriter"/> in a fixed order, the format version, the route or target name,
/// every message (role, author name and each content: text, reasoning text, tool call id, name and arguments, tool
/// result id and value, data as media type and SHA-256, URIs) and every option that changes the output: model id,
/// instructions, temperature, top_p, top_k, max output tokens, stop sequences, seed, frequency and presence penalty,
/// reasoning, response format (with its schema), tool mode, multiple tool calls, each tool's name, description and
/// schemas, and the additional properties sorted by key.
/// </summary>
/// <remarks>
/// Left out because they do not reach the provider or do not change its answer: additional properties whose key
/// starts with <c>llmaspire.</c> (the call context and the cache's own switches are removed before the provider is
/// called) and the conversation id, which our providers' stateless chat APIs ignore.
/// </remarks>
internal static class ChatCacheKey
{
    public const int FormatVersion = 1;

    private const string Prefix = "llmaspire:chat:v1:";
    private const string InternalPropertyPrefix = "llmaspire.";

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Returns the key, or <see langword="null"/> when some part of the request cannot be written stably.</summary>
    public static string? TryCompute(string scope, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            try
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(FormatVersion);
                writer.WriteStringValue(scope);
                WriteMessages(writer, messages);
                WriteOptions(writer, options);
                writer.WriteEndArray();
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
            {
                // A tool argument or property value the JSON serializer cannot write: safer to call the provider.
                return null;
            }
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return string.Concat(Prefix, Convert.ToHexStringLower(hash));
    }

    private static void WriteMessages(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages)
    {
        writer.WriteStartArray();
        foreach (var message in messages)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(message.Role.Value);
            writer.WriteStringValue(message.AuthorName);
            foreach (var content in message.Contents)
            {
                WriteContent(writer, content);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteContent(Utf8JsonWriter writer, AIContent content)
    {
        if (CacheJson.TryWriteAnswerContent(writer, content))
        {
            return;
        }

        switch (content)
        {
            case FunctionResultContent result:
                writer.WriteStringValue("fr");
                writer.WriteStringValue(result.CallId);
                WriteValue(writer, result.Result);
                break;

            case DataContent data:
                writer.WriteStringValue("d");
                writer.WriteStringValue(data.MediaType);
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(data.Data.Span, hash);
                writer.WriteBase64StringValue(hash);
                break;

            case UriContent uri:
                writer.WriteStringValue("u");
                writer.WriteStringValue(uri.MediaType);
                writer.WriteStringValue(uri.Uri.OriginalString);
                break;

            case UsageContent:
                // Usage reported on an earlier answer changes nothing the provider sees.
                break;

            default:
                writer.WriteStringValue(content.GetType().FullName);
                JsonSerializer.Serialize(
                    writer,
                    content,
                    AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(AIContent)));
                break;
        }
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions? options)
    {
        writer.WriteStartArray();
        if (options is null)
        {
            writer.WriteEndArray();
            return;
        }

        writer.WriteStringValue(options.ModelId);
        writer.WriteStringValue(options.Instructions);
        CacheJson.WriteNullable(writer, options.Temperature);
        CacheJson.WriteNullable(writer, options.TopP);
        CacheJson.WriteNullable(writer, options.TopK);
        CacheJson.WriteNullable(writer, options.MaxOutputTokens);
        CacheJson.WriteNullable(writer, options.Seed);
        CacheJson.WriteNullable(writer, options.FrequencyPenalty);
        CacheJson.WriteNullable(writer, options.PresencePenalty);
        WriteStrings(writer, options.StopSequences);
        writer.WriteStringValue(options.Reasoning?.Effort?.ToString());
        writer.WriteStringValue(options.Reasoning?.Output?.ToString());
        WriteResponseFormat(writer, options.ResponseFormat);
        WriteToolMode(writer, options.ToolMode);
        CacheJson.WriteNullable(writer, options.AllowMultipleToolCalls);
        WriteTools(writer, options.Tools);
        WriteProperties(writer, options.AdditionalProperties);
        writer.WriteEndArray();
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatResponseFormat? format)
    {
        switch (format)
        {
            case null:
                writer.WriteNullValue();
                break;

            case ChatResponseFormatText:
                writer.WriteStringValue("text");
                break;

            case ChatResponseFormatJson json:
                writer.WriteStartArray();
                writer.WriteStringValue("json");
                writer.WriteStringValue(json.SchemaName);
                writer.WriteStringValue(json.SchemaDescription);
                WriteElement(writer, json.Schema);
                writer.WriteEndArray();
                break;

            default:
                writer.WriteStringValue(format.GetType().FullName);
                break;
        }
    }

    private static void WriteToolMode(Utf8JsonWriter writer, ChatToolMode? mode)
    {
        switch (mode)
        {
            case null:
                writer.WriteNullValue();
                break;

            case RequiredChatToolMode required:
                writer.WriteStringValue("required:" + required.RequiredFunctionName);
                break;

            case NoneChatToolMode:
                writer.WriteStringValue("none");
                break;

            default:
                writer.WriteStringValue("auto");
                break;
        }
    }

    private static void WriteTools(Utf8JsonWriter writer, IList<AITool>? tools)
    {
        writer.WriteStartArray();
        foreach (var tool in tools ?? [])
        {
            writer.WriteStartArray();
            writer.WriteStringValue(tool.GetType().FullName);
            writer.WriteStringValue(tool.Name);
            writer.WriteStringValue(tool.Description);
            if (tool is AIFunctionDeclaration function)
            {
                WriteElement(writer, function.JsonSchema);
                WriteElement(writer, function.ReturnJsonSchema);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteProperties(Utf8JsonWriter writer, AdditionalPropertiesDictionary? properties)
    {
        writer.WriteStartArray();
        if (properties is { Count: > 0 })
        {
            // Sorted, so the order in which a caller added them does not matter.
            var keys = new string[properties.Count];
            properties.Keys.CopyTo(keys, 0);
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (key.StartsWith(InternalPropertyPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                writer.WriteStringValue(key);
                WriteValue(writer, properties[key]);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;

            case string text:
                writer.WriteStringValue(text);
                break;

            case JsonElement element:
                element.WriteTo(writer);
                break;

            case bool flag:
                writer.WriteBooleanValue(flag);
                break;

            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement? element)
    {
        if (element is { ValueKind: not JsonValueKind.Undefined } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, IList<string>? values)
    {
        writer.WriteStartArray();
        foreach (var value in values ?? [])
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
