using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>
/// Writes and reads a stored answer: a compact JSON array, version first, with the expiry, the provider and model
/// that answered, and the response (id, model id, creation time, finish reason, messages with their text, reasoning
/// text and tool calls, usage).
/// </summary>
/// <remarks>
/// Only what a caller can observe through our stages is kept; raw provider representations and additional
/// properties are dropped. Tool-call arguments come back as <see cref="JsonElement"/> values.
/// </remarks>
internal static class CachedResponseCodec
{
    private const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Serializes <paramref name="response"/>, or returns <see langword="null"/> when it holds content we do not store.</summary>
    public static byte[]? TryEncode(ChatResponse response, DateTimeOffset expires, string? provider, string? model)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Version);
            writer.WriteNumberValue(expires.ToUnixTimeMilliseconds());
            writer.WriteStringValue(provider);
            writer.WriteStringValue(model);
            writer.WriteStringValue(response.ResponseId);
            writer.WriteStringValue(response.ModelId);
            CacheJson.WriteNullable(writer, response.CreatedAt?.ToUnixTimeMilliseconds());
            writer.WriteStringValue(response.FinishReason?.Value);
            if (!WriteMessages(writer, response.Messages))
            {
                return null;
            }

            WriteUsage(writer, response.Usage);
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static DateTimeOffset ReadExpiry(ReadOnlySpan<byte> entry)
    {
        var reader = new Utf8JsonReader(entry);
        reader.Read();
        reader.Read();
        if (reader.GetInt32() != Version)
        {
            // An entry from another format version is treated as already expired.
            return DateTimeOffset.MinValue;
        }

        reader.Read();
        return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64());
    }

    public static CachedResponse Decode(byte[] entry)
    {
        using var document = JsonDocument.Parse(entry.AsMemory());
        var root = document.RootElement;

        var response = new ChatResponse
        {
            ResponseId = root[4].GetString(),
            ModelId = root[5].GetString(),
            CreatedAt = root[6].ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds(root[6].GetInt64())
                : null,
            FinishReason = root[7].GetString() is { } reason ? new ChatFinishReason(reason) : null,
            Usage = ReadUsage(root[9]),
        };

        foreach (var message in root[8].EnumerateArray())
        {
            response.Messages.Add(ReadMessage(message));
        }

        return new CachedResponse(response, root[2].GetString(), root[3].GetString());
    }

    private static bool WriteMessages(Utf8JsonWriter writer, IList<ChatMessage> messages)
    {
        writer.WriteStartArray();
        foreach (var message in messages)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(message.Role.Value);
            writer.WriteStringValue(message.AuthorName);
            writer.WriteStringValue(message.MessageId);
            foreach (var content in message.Contents)
            {
                if (CacheJson.TryWriteAnswerContent(writer, content))
                {
                    continue;
                }

                // Usage is stored once, on the response; any other content keeps the answer out of the cache.
                if (content is not UsageContent)
                {
                    return false;
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        return true;
    }

    private static ChatMessage ReadMessage(JsonElement message)
    {
        var result = new ChatMessage
        {
            Role = new ChatRole(message[0].GetString()!),
            AuthorName = message[1].GetString(),
            MessageId = message[2].GetString(),
        };

        var length = message.GetArrayLength();
        var i = 3;
        while (i < length)
        {
            var kind = message[i].GetString();
            switch (kind)
            {
                case "t":
                    result.Contents.Add(new TextContent(message[i + 1].GetString()));
                    i += 2;
                    break;

                case "r":
                    result.Contents.Add(new TextReasoningContent(message[i + 1].GetString()));
                    i += 2;
                    break;

                default:
                    result.Contents.Add(new FunctionCallContent(
                        message[i + 1].GetString()!,
                        message[i + 2].GetString()!,
                        ReadArguments(message[i + 3])));
                    i += 4;
                    break;
            }
        }

        return result;
    }

    private static Dictionary<string, object?>? ReadArguments(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }

    private static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage)
    {
        if (usage is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        CacheJson.WriteNullable(writer, usage.InputTokenCount);
        CacheJson.WriteNullable(writer, usage.OutputTokenCount);
        CacheJson.WriteNullable(writer, usage.TotalTokenCount);
        CacheJson.WriteNullable(writer, usage.CachedInputTokenCount);
        CacheJson.WriteNullable(writer, usage.ReasoningTokenCount);
        writer.WriteStartObject();
        foreach (var (key, value) in usage.AdditionalCounts ?? [])
        {
            writer.WriteNumber(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static UsageDetails? ReadUsage(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new UsageDetails
        {
            InputTokenCount = ReadNumber(usage[0]),
            OutputTokenCount = ReadNumber(usage[1]),
            TotalTokenCount = ReadNumber(usage[2]),
            CachedInputTokenCount = ReadNumber(usage[3]),
            ReasoningTokenCount = ReadNumber(usage[4]),
        };

        foreach (var property in usage[5].EnumerateObject())
        {
            (result.AdditionalCounts ??= [])[property.Name] = property.Value.GetInt64();
        }

        return result;
    }

    private static long? ReadNumber(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number ? element.GetInt64() : null;
}
