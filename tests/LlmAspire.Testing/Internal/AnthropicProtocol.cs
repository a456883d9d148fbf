using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmAspire.Testing.Internal;

// Anthropic Messages: JSON, and SSE with `event:` lines: message_start, content_block_start/delta/stop per
// block, message_delta (stop_reason, usage.output_tokens), message_stop.
internal sealed class AnthropicProtocol : ProviderProtocol
{
    public override IReadOnlyList<string> DefaultModels { get; } = ["claude-sonnet-4-5", "claude-haiku-4-5"];

    protected override ReadOnlySpan<byte> MalformedJson =>
        "{\"id\": \"msg_broken\", \"type\": \"message\", this is not json"u8;

    protected override ReadOnlySpan<byte> MalformedStream =>
        "event: message_start\ndata: {\"type\": \"message_start\", \"message\": { not json\n\n"u8;

    public override bool IsChatRequest(string method, string path) =>
        HttpMethods.IsPost(method) && path.Equals("/v1/messages", StringComparison.Ordinal);

    public override async Task<bool> TryHandleOtherAsync(
        HttpContext context,
        FakeProvider provider,
        RecordedRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || !request.Path.Equals("/v1/models", StringComparison.Ordinal))
        {
            return false;
        }

        var models = provider.Models;
        context.Response.ContentType = JsonContentType;
        using var json = CreateWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("data"u8);
        foreach (var model in models)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "model"u8);
            json.WriteString("id"u8, model);
            json.WriteString("display_name"u8, model);
            json.WriteString("created_at"u8, CreatedIso);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("has_more"u8, false);
        json.WriteString("first_id"u8, models.Count > 0 ? models[0] : null);
        json.WriteString("last_id"u8, models.Count > 0 ? models[^1] : null);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    protected override void AddErrorHeaders(HttpResponse response, string requestId) =>
        response.Headers["request-id"] = requestId;

    protected override void WriteError(Utf8JsonWriter json, int statusCode, string message, string requestId)
    {
        var type = statusCode switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            402 => "billing_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            504 => "timeout_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };

        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, type);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        json.WriteString("request_id"u8, requestId);
        json.WriteEndObject();
    }

    protected override void WriteAnswer(Utf8JsonWriter json, ChatExchange exchange)
    {
        var reply = exchange.Reply;

        json.WriteStartObject();
        WriteMessageHeader(json, exchange);
        json.WriteStartArray("content"u8);
        if (reply.Shape == FakeReplyShape.ToolCall)
        {
            for (var i = 0; i < reply.ToolCalls.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "tool_use"u8);
                json.WriteString("id"u8, exchange.ToolCallId(i, "toolu_fake"));
                json.WriteString("name"u8, reply.ToolCalls[i].Name);
                json.WritePropertyName("input"u8);
                json.WriteRawValue(reply.ToolCalls[i].ArgumentsJson, skipInputValidation: true);
                json.WriteEndObject();
            }
        }
        else
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, reply.Content);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("stop_reason"u8, StopReason(reply.FinishReason));
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, reply, reply.OutputTokens);
        json.WriteEndObject();
    }

    protected override async Task StreamAnswerAsync(HttpContext context, PipeWriter output, ChatExchange exchange)
    {
        var reply = exchange.Reply;
        var sent = 0;
        using var json = CreateWriter(output);

        BeginEvent(output, json, "event: message_start\ndata: "u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_start"u8);
        json.WriteStartObject("message"u8);
        WriteMessageHeader(json, exchange);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, reply, outputTokens: 1);
        json.WriteEndObject();
        json.WriteEndObject();
        await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);

        var blocks = reply.Shape == FakeReplyShape.ToolCall ? reply.ToolCalls.Count : 1;
        for (var index = 0; index < blocks; index++)
        {
            BeginEvent(output, json, "event: content_block_start\ndata: "u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "content_block_start"u8);
            json.WriteNumber("index"u8, index);
            json.WriteStartObject("content_block"u8);
            if (reply.Shape == FakeReplyShape.ToolCall)
            {
                json.WriteString("type"u8, "tool_use"u8);
                json.WriteString("id"u8, exchange.ToolCallId(index, "toolu_fake"));
                json.WriteString("name"u8, reply.ToolCalls[index].Name);
                json.WriteStartObject("input"u8);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("type"u8, "text"u8);
                json.WriteString("text"u8, ""u8);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);

            var pieces = reply.Shape == FakeReplyShape.ToolCall
                ? Chunking.SplitArguments(reply.ToolCalls[index].ArgumentsJson)
                : Chunking.SplitWords(reply.Content);
            foreach (var piece in pieces)
            {
                if (ShouldCut(exchange, sent))
                {
                    await CutAsync(context, exchange.Reply).ConfigureAwait(false);
                    return;
                }

                BeginEvent(output, json, "event: content_block_delta\ndata: "u8);
                json.WriteStartObject();
                json.WriteString("type"u8, "content_block_delta"u8);
                json.WriteNumber("index"u8, index);
                json.WriteStartObject("delta"u8);
                if (reply.Shape == FakeReplyShape.ToolCall)
                {
                    json.WriteString("type"u8, "input_json_delta"u8);
                    json.WriteString("partial_json"u8, piece);
                }
                else
                {
                    json.WriteString("type"u8, "text_delta"u8);
                    json.WriteString("text"u8, piece);
                }

                json.WriteEndObject();
                json.WriteEndObject();
                await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);
                sent++;
            }

            if (reply.CutAfterChunks is not null && index == blocks - 1)
            {
                await CutAsync(context, exchange.Reply).ConfigureAwait(false);
                return;
            }

            BeginEvent(output, json, "event: content_block_stop\ndata: "u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "content_block_stop"u8);
            json.WriteNumber("index"u8, index);
            json.WriteEndObject();
            await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);
        }

        BeginEvent(output, json, "event: message_delta\ndata: "u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, StopReason(reply.FinishReason));
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        json.WriteStartObject("usage"u8);
        json.WriteNumber("output_tokens"u8, reply.OutputTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);

        output.Write("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8);
        await output.FlushAsync(exchange.Aborted).ConfigureAwait(false);
    }

    private static string StopReason(FakeFinishReason reason) => reason switch
    {
        FakeFinishReason.Length => "max_tokens",
        FakeFinishReason.ToolCalls => "tool_use",
        FakeFinishReason.ContentFilter => "refusal",
        _ => "end_turn",
    };

    private static void WriteMessageHeader(Utf8JsonWriter json, ChatExchange exchange)
    {
        json.WriteString("id"u8, exchange.Id("msg_fake"));
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, exchange.Model);
    }

    // Anthropic's input_tokens leaves out cache reads and writes; FakeReply counts the whole prompt.
    private static void WriteUsage(Utf8JsonWriter json, FakeReply reply, int outputTokens)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, reply.InputTokens - reply.CachedInputTokens - reply.CacheWriteTokens);
        json.WriteNumber("cache_creation_input_tokens"u8, reply.CacheWriteTokens);
        json.WriteNumber("cache_read_input_tokens"u8, reply.CachedInputTokens);
        json.WriteNumber("output_tokens"u8, outputTokens);
        json.WriteString("service_tier"u8, "standard"u8);
        json.WriteEndObject();
    }
}
