using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Wire;

/// <summary>
/// Writes <c>chat.completion</c> and <c>chat.completion.chunk</c> objects straight onto a <see cref="Utf8JsonWriter"/>,
/// with pre-encoded property names, so no response object graph is built per request.
/// </summary>
internal static class ChatCompletionWriter
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ObjectName = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText CreatedName = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText ChoicesName = JsonEncodedText.Encode("choices");
    private static readonly JsonEncodedText IndexName = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText DeltaName = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText ContentName = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText ToolCallsName = JsonEncodedText.Encode("tool_calls");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText FinishReasonName = JsonEncodedText.Encode("finish_reason");
    private static readonly JsonEncodedText UsageName = JsonEncodedText.Encode("usage");
    private static readonly JsonEncodedText PromptTokensName = JsonEncodedText.Encode("prompt_tokens");
    private static readonly JsonEncodedText CompletionTokensName = JsonEncodedText.Encode("completion_tokens");
    private static readonly JsonEncodedText TotalTokensName = JsonEncodedText.Encode("total_tokens");
    private static readonly JsonEncodedText PromptDetailsName = JsonEncodedText.Encode("prompt_tokens_details");
    private static readonly JsonEncodedText CachedTokensName = JsonEncodedText.Encode("cached_tokens");
    private static readonly JsonEncodedText CompletionDetailsName = JsonEncodedText.Encode("completion_tokens_details");
    private static readonly JsonEncodedText ReasoningTokensName = JsonEncodedText.Encode("reasoning_tokens");
    private static readonly JsonEncodedText CompletionObject = JsonEncodedText.Encode("chat.completion");
    private static readonly JsonEncodedText ChunkObject = JsonEncodedText.Encode("chat.completion.chunk");
    private static readonly JsonEncodedText AssistantRole = JsonEncodedText.Encode("assistant");
    private static readonly JsonEncodedText FunctionType = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText EmptyObject = JsonEncodedText.Encode("{}");

    /// <summary>Writes a whole <c>chat.completion</c>.</summary>
    public static void WriteCompletion(Utf8JsonWriter writer, in CompletionIdentity identity, ChatResponse response)
    {
        WriteHeader(writer, identity, CompletionObject);

        var hasToolCalls = false;
        writer.WriteStartArray(ChoicesName);
        writer.WriteStartObject();
        writer.WriteNumber(IndexName, 0);
        writer.WriteStartObject(MessageName);
        writer.WriteString(RoleName, AssistantRole);

        var text = response.Text;
        var toolIndex = 0;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    if (!hasToolCalls)
                    {
                        writer.WriteStartArray(ToolCallsName);
                        hasToolCalls = true;
                    }

                    WriteToolCall(writer, call, toolIndex++, withIndex: false);
                }
            }
        }

        if (hasToolCalls)
        {
            writer.WriteEndArray();
        }

        if (text.Length == 0 && hasToolCalls)
        {
            writer.WriteNull(ContentName);
        }
        else
        {
            writer.WriteString(ContentName, text);
        }

        writer.WriteEndObject();
        writer.WriteString(FinishReasonName, FinishReason(response.FinishReason, hasToolCalls));
        writer.WriteEndObject();
        writer.WriteEndArray();

        WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }

    /// <summary>Whether an update carries anything a chunk must send: text or tool calls.</summary>
    public static bool HasDelta(ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            if (content is TextContent { Text.Length: > 0 } or FunctionCallContent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes one <c>chat.completion.chunk</c> for an update's text and tool calls; the first chunk also carries the
    /// assistant role.
    /// </summary>
    public static void WriteChunk(
        Utf8JsonWriter writer,
        in CompletionIdentity identity,
        ChatResponseUpdate update,
        bool first,
        ref int toolIndex)
    {
        string? text = null;
        var hasToolCalls = false;
        foreach (var content in update.Contents)
        {
            if (content is TextContent t)
            {
                text = text is null ? t.Text : string.Concat(text, t.Text);
            }
            else if (content is FunctionCallContent)
            {
                hasToolCalls = true;
            }
        }

        WriteHeader(writer, identity, ChunkObject);
        writer.WriteStartArray(ChoicesName);
        writer.WriteStartObject();
        writer.WriteNumber(IndexName, 0);
        writer.WriteStartObject(DeltaName);
        if (first)
        {
            writer.WriteString(RoleName, AssistantRole);
        }

        if (text is not null || first)
        {
            writer.WriteString(ContentName, text ?? string.Empty);
        }

        if (hasToolCalls)
        {
            writer.WriteStartArray(ToolCallsName);
            foreach (var content in update.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    WriteToolCall(writer, call, toolIndex++, withIndex: true);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull(FinishReasonName);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the chunk that closes the choice with its finish reason.</summary>
    public static void WriteFinishChunk(Utf8JsonWriter writer, in CompletionIdentity identity, string finishReason)
    {
        WriteHeader(writer, identity, ChunkObject);
        writer.WriteStartArray(ChoicesName);
        writer.WriteStartObject();
        writer.WriteNumber(IndexName, 0);
        writer.WriteStartObject(DeltaName);
        writer.WriteEndObject();
        writer.WriteString(FinishReasonName, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>stream_options.include_usage</c> chunk: no choices, only usage.</summary>
    public static void WriteUsageChunk(Utf8JsonWriter writer, in CompletionIdentity identity, UsageDetails? usage)
    {
        WriteHeader(writer, identity, ChunkObject);
        writer.WriteStartArray(ChoicesName);
        writer.WriteEndArray();
        WriteUsage(writer, usage);
        writer.WriteEndObject();
    }

    /// <summary>Maps a finish reason to its OpenAI value; a missing one becomes <c>tool_calls</c> or <c>stop</c>.</summary>
    public static string FinishReason(ChatFinishReason? reason, bool hasToolCalls)
    {
        if (reason is not { } r)
        {
            return hasToolCalls ? "tool_calls" : "stop";
        }

        return r == ChatFinishReason.Stop ? "stop"
            : r == ChatFinishReason.Length ? "length"
            : r == ChatFinishReason.ToolCalls ? "tool_calls"
            : r == ChatFinishReason.ContentFilter ? "content_filter"
            : r.Value;
    }

    private static void WriteHeader(Utf8JsonWriter writer, in CompletionIdentity identity, JsonEncodedText objectType)
    {
        writer.WriteStartObject();
        writer.WriteString(IdName, identity.Id);
        writer.WriteString(ObjectName, objectType);
        writer.WriteNumber(CreatedName, identity.Created);
        writer.WriteString(ModelName, identity.Model);
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, int index, bool withIndex)
    {
        writer.WriteStartObject();
        if (withIndex)
        {
            writer.WriteNumber(IndexName, index);
        }

        writer.WriteString(IdName, call.CallId);
        writer.WriteString(TypeName, FunctionType);
        writer.WriteStartObject(FunctionName);
        writer.WriteString(NameName, call.Name);
        if (call.Arguments is null)
        {
            writer.WriteString(ArgumentsName, EmptyObject);
        }
        else
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(
                call.Arguments,
                AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
            writer.WriteString(ArgumentsName, json);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage)
    {
        if (usage is null)
        {
            writer.WriteNull(UsageName);
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject(UsageName);
        writer.WriteNumber(PromptTokensName, input);
        writer.WriteNumber(CompletionTokensName, output);
        writer.WriteNumber(TotalTokensName, usage.TotalTokenCount ?? input + output);
        writer.WriteStartObject(PromptDetailsName);
        writer.WriteNumber(CachedTokensName, usage.CachedInputTokenCount ?? 0);
        writer.WriteEndObject();
        if (usage.ReasoningTokenCount is { } reasoning)
        {
            writer.WriteStartObject(CompletionDetailsName);
            writer.WriteNumber(ReasoningTokensName, reasoning);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
