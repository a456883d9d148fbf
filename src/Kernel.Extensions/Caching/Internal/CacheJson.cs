using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>The JSON writing that the cache key and the stored entry share, so both spell content the same way.</summary>
internal static class CacheJson
{
    /// <summary>Writes text, reasoning text or a tool call as a tag and its fields; returns false for other content.</summary>
    public static bool TryWriteAnswerContent(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                writer.WriteStringValue("t");
                writer.WriteStringValue(text.Text);
                return true;

            case TextReasoningContent reasoning:
                writer.WriteStringValue("r");
                writer.WriteStringValue(reasoning.Text);
                return true;

            case FunctionCallContent call:
                writer.WriteStringValue("fc");
                writer.WriteStringValue(call.CallId);
                writer.WriteStringValue(call.Name);
                JsonSerializer.Serialize(
                    writer,
                    call.Arguments,
                    AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
                return true;

            default:
                return false;
        }
    }

    public static void WriteNullable(Utf8JsonWriter writer, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
            return;
        }

        writer.WriteNullValue();
    }

    public static void WriteNullable(Utf8JsonWriter writer, float? value)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
            return;
        }

        writer.WriteNullValue();
    }

    public static void WriteNullable(Utf8JsonWriter writer, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
            return;
        }

        writer.WriteNullValue();
    }
}
