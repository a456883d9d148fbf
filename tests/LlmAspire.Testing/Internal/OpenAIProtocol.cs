using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmAspire.Testing.Internal;

// OpenAI Chat Completions: JSON, and SSE `data: {...}` events ending with an optional usage chunk
// (`"choices":[]`) and `data: [DONE]`.
internal sealed class OpenAIProtocol : ProviderProtocol
{
    public override IReadOnlyList<string> DefaultModels { get; } = ["gpt-4o-mini", "gpt-4o"];

    protected override ReadOnlySpan<byte> MalformedJson =>
        "{\"id\": \"chatcmpl-broken\", \"choices\": [ this is not json"u8;

    protected override ReadOnlySpan<byte> MalformedStream =>
        "data: {\"id\": \"chatcmpl-broken\", \"choices\": [ not json\n\n"u8;

    public override bool IsChatRequest(string method, string path) =>
        HttpMethods.IsPost(method) && path.Equals("/v1/chat/completions", StringComparison.Ordinal);

    public override async Task<bool> TryHandleOtherAsync(
        HttpContext context,
        FakeProvider provider,
        RecordedRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || !request.Path.Equals("/v1/models", StringComparison.Ordinal))
        {
            return false;
        }

        context.Response.ContentType = JsonContentType;
        using var json = CreateWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteStartArray("data"u8);
        foreach (var model in provider.Models)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, model);
            json.WriteString("object"u8, "model"u8);
            json.WriteNumber("created"u8, CreatedUnixSeconds);
            json.WriteString("owned_by"u8, "llmaspire-fake"u8);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    protected override void AddErrorHeaders(HttpResponse response, string requestId) =>
        response.Headers["x-request-id"] = requestId;

    protected override void WriteError(Utf8JsonWriter json, int statusCode, string message, string requestId)
    {
        var (type, code) = statusCode switch
        {
            401 => ("invalid_request_error", "invalid_api_key"),
            403 => ("invalid_request_error", "unsupported_country_region_territory"),
            404 => ("invalid_request_error", "model_not_found"),
            429 => ("requests", "rate_limit_exceeded"),
            >= 500 => ("server_error", (string?)null),
            _ => ("invalid_request_error", null),
        };

        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, message);
        json.WriteString("type"u8, type);
        json.WriteNull("param"u8);
        json.WriteString("code"u8, code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    protected override void WriteAnswer(Utf8JsonWriter json, ChatExchange exchange)
    {
        var reply = exchange.Reply;

        json.WriteStartObject();
        json.WriteString("id"u8, exchange.Id("chatcmpl-fake"));
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, CreatedUnixSeconds);
        json.WriteString("model"u8, exchange.Model);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        if (reply.Shape == FakeReplyShape.ToolCall)
        {
            json.WriteNull("content"u8);
            json.WriteStartArray("tool_calls"u8);
            for (var i = 0; i < reply.ToolCalls.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, exchange.ToolCallId(i, "call_fake"));
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, reply.ToolCalls[i].Name);
                json.WriteString("arguments"u8, reply.ToolCalls[i].ArgumentsJson);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteString("content"u8, reply.Content);
        }

        json.WriteNull("refusal"u8);
        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, FinishReason(reply.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, reply);
        json.WriteString("service_tier"u8, "default"u8);
        json.WriteString("system_fingerprint"u8, "fp_llmaspire_fake"u8);
        json.WriteEndObject();
    }

    protected override async Task StreamAnswerAsync(HttpContext context, PipeWriter output, ChatExchange exchange)
    {
        var reply = exchange.Reply;
        var id = exchange.Id("chatcmpl-fake");
        var sent = 0;
        using var json = CreateWriter(output);

        if (reply.Shape == FakeReplyShape.Text)
        {
            BeginChunk(output, json, exchange, id);
            json.WriteString("role"u8, "assistant"u8);
            json.WriteString("content"u8, ""u8);
            json.WriteNull("refusal"u8);
            await EndChunkAsync(output, json, exchange, finishReason: null).ConfigureAwait(false);

            foreach (var piece in Chunking.SplitWords(reply.Content))
            {
                if (ShouldCut(exchange, sent))
                {
                    await CutAsync(context, exchange.Reply).ConfigureAwait(false);
                    return;
                }

                BeginChunk(output, json, exchange, id);
                json.WriteString("content"u8, piece);
                await EndChunkAsync(output, json, exchange, finishReason: null).ConfigureAwait(false);
                sent++;
            }
        }
        else
        {
            for (var i = 0; i < reply.ToolCalls.Count; i++)
            {
                // The first delta of each call carries its id and name with empty arguments.
                BeginChunk(output, json, exchange, id);
                if (i == 0)
                {
                    json.WriteString("role"u8, "assistant"u8);
                    json.WriteNull("content"u8);
                }

                WriteToolCallDelta(json, i, exchange.ToolCallId(i, "call_fake"), reply.ToolCalls[i].Name, string.Empty);
                await EndChunkAsync(output, json, exchange, finishReason: null).ConfigureAwait(false);

                foreach (var piece in Chunking.SplitArguments(reply.ToolCalls[i].ArgumentsJson))
                {
                    if (ShouldCut(exchange, sent))
                    {
                        await CutAsync(context, exchange.Reply).ConfigureAwait(false);
                        return;
                    }

                    BeginChunk(output, json, exchange, id);
                    WriteToolCallDelta(json, i, id: null, name: null, piece);
                    await EndChunkAsync(output, json, exchange, finishReason: null).ConfigureAwait(false);
                    sent++;
                }
            }
        }

        if (reply.CutAfterChunks is not null)
        {
            await CutAsync(context, exchange.Reply).ConfigureAwait(false);
            return;
        }

        BeginChunk(output, json, exchange, id);
        await EndChunkAsync(output, json, exchange, FinishReason(reply.FinishReason)).ConfigureAwait(false);

        if (exchange.IncludeUsage)
        {
            BeginEvent(output, json, "data: "u8);
            WriteChunkHeader(json, exchange, id);
            json.WriteStartArray("choices"u8);
            json.WriteEndArray();
            WriteUsage(json, reply);
            json.WriteEndObject();
            await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);
        }

        output.Write("data: [DONE]\n\n"u8);
        await output.FlushAsync(exchange.Aborted).ConfigureAwait(false);
    }

    private static string FinishReason(FakeFinishReason reason) => reason switch
    {
        FakeFinishReason.Length => "length",
        FakeFinishReason.ToolCalls => "tool_calls",
        FakeFinishReason.ContentFilter => "content_filter",
        _ => "stop",
    };

    private static void WriteChunkHeader(Utf8JsonWriter json, ChatExchange exchange, string id)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, CreatedUnixSeconds);
        json.WriteString("model"u8, exchange.Model);
        json.WriteString("service_tier"u8, "default"u8);
        json.WriteString("system_fingerprint"u8, "fp_llmaspire_fake"u8);
    }

    // Opens a chunk up to the inside of choices[0].delta; the caller writes the delta's properties.
    private static void BeginChunk(PipeWriter output, Utf8JsonWriter json, ChatExchange exchange, string id)
    {
        BeginEvent(output, json, "data: "u8);
        WriteChunkHeader(json, exchange, id);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("delta"u8);
    }

    private ValueTask EndChunkAsync(PipeWriter output, Utf8JsonWriter json, ChatExchange exchange, string? finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        if (exchange.IncludeUsage)
        {
            json.WriteNull("usage"u8);
        }

        json.WriteEndObject();
        return SendAsync(output, json, exchange.Aborted);
    }

    private static void WriteToolCallDelta(Utf8JsonWriter json, int index, string? id, string? name, string arguments)
    {
        json.WriteStartArray("tool_calls"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        if (id is not null)
        {
            json.WriteString("id"u8, id);
            json.WriteString("type"u8, "function"u8);
        }

        json.WriteStartObject("function"u8);
        if (name is not null)
        {
            json.WriteString("name"u8, name);
        }

        json.WriteString("arguments"u8, arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter json, FakeReply reply)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, reply.InputTokens);
        json.WriteNumber("completion_tokens"u8, reply.OutputTokens);
        json.WriteNumber("total_tokens"u8, reply.InputTokens + reply.OutputTokens);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, reply.CachedInputTokens);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, 0);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteNumber("accepted_prediction_tokens"u8, 0);
        json.WriteNumber("rejected_prediction_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
