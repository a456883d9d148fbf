using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmAspire.Testing.Internal;

// Ollama: NDJSON chat lines (streaming is the default), a final `done:true` line with the counts, and the
// model-management endpoints an app or AppHost touches (`/`, `/api/tags`, `/api/pull`, `/api/version`).
internal sealed class OllamaProtocol : ProviderProtocol
{
    private const string Digest = "sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff";

    private const long LayerSize = 2_019_377_376;

    public override bool StreamWhenAbsent => true;

    public override IReadOnlyList<string> DefaultModels { get; } = ["llama3.2"];

    protected override string StreamContentType => "application/x-ndjson";

    protected override ReadOnlySpan<byte> EventEnd => "\n"u8;

    protected override ReadOnlySpan<byte> MalformedJson => "{\"model\": \"broken\", \"message\": this is not json"u8;

    protected override ReadOnlySpan<byte> MalformedStream => "{\"model\": \"broken\", \"message\": { not json\n"u8;

    public override bool IsChatRequest(string method, string path) =>
        HttpMethods.IsPost(method) && path.Equals("/api/chat", StringComparison.Ordinal);

    public override async Task<bool> TryHandleOtherAsync(
        HttpContext context,
        FakeProvider provider,
        RecordedRequest request)
    {
        var response = context.Response;

        switch (request.Method, request.Path)
        {
            case ("GET" or "HEAD", "/"):
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("Ollama is running", context.RequestAborted).ConfigureAwait(false);
                return true;

            case ("GET", "/api/version"):
                response.ContentType = JsonContentType;
                await response.WriteAsync("{\"version\":\"0.12.6\"}", context.RequestAborted).ConfigureAwait(false);
                return true;

            case ("GET", "/api/tags"):
                await WriteTagsAsync(context, provider.Models).ConfigureAwait(false);
                return true;

            case ("POST", "/api/pull"):
                await PullAsync(context, provider, request).ConfigureAwait(false);
                return true;

            default:
                return false;
        }
    }

    protected override void WriteError(Utf8JsonWriter json, int statusCode, string message, string requestId)
    {
        json.WriteStartObject();
        json.WriteString("error"u8, message);
        json.WriteEndObject();
    }

    protected override void WriteAnswer(Utf8JsonWriter json, ChatExchange exchange)
    {
        var reply = exchange.Reply;

        WriteLineHeader(json, exchange);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, reply.Shape == FakeReplyShape.Text ? reply.Content : string.Empty);
        if (reply.Shape == FakeReplyShape.ToolCall)
        {
            WriteToolCalls(json, exchange);
        }

        json.WriteEndObject();
        WriteDone(json, reply);
    }

    protected override async Task StreamAnswerAsync(HttpContext context, PipeWriter output, ChatExchange exchange)
    {
        var reply = exchange.Reply;
        var sent = 0;
        using var json = CreateWriter(output);

        // Ollama sends all of a turn's tool calls in one line, then the done line.
        var pieces = reply.Shape == FakeReplyShape.ToolCall ? [string.Empty] : Chunking.SplitWords(reply.Content);
        foreach (var piece in pieces)
        {
            if (ShouldCut(exchange, sent))
            {
                await CutAsync(context, exchange.Reply).ConfigureAwait(false);
                return;
            }

            BeginEvent(output, json, default);
            WriteLineHeader(json, exchange);
            json.WriteStartObject("message"u8);
            json.WriteString("role"u8, "assistant"u8);
            json.WriteString("content"u8, piece);
            if (reply.Shape == FakeReplyShape.ToolCall)
            {
                WriteToolCalls(json, exchange);
            }

            json.WriteEndObject();
            json.WriteBoolean("done"u8, false);
            json.WriteEndObject();
            await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);
            sent++;
        }

        if (reply.CutAfterChunks is not null)
        {
            await CutAsync(context, exchange.Reply).ConfigureAwait(false);
            return;
        }

        BeginEvent(output, json, default);
        WriteLineHeader(json, exchange);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        json.WriteEndObject();
        WriteDone(json, reply);
        await SendAsync(output, json, exchange.Aborted).ConfigureAwait(false);
    }

    private static void WriteLineHeader(Utf8JsonWriter json, ChatExchange exchange)
    {
        json.WriteStartObject();
        json.WriteString("model"u8, exchange.Model);
        json.WriteString("created_at"u8, CreatedIso);
    }

    private static void WriteToolCalls(Utf8JsonWriter json, ChatExchange exchange)
    {
        var calls = exchange.Reply.ToolCalls;

        json.WriteStartArray("tool_calls"u8);
        for (var i = 0; i < calls.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, exchange.ToolCallId(i, "call_fake"));
            json.WriteStartObject("function"u8);
            json.WriteNumber("index"u8, i);
            json.WriteString("name"u8, calls[i].Name);
            json.WritePropertyName("arguments"u8);
            json.WriteRawValue(calls[i].ArgumentsJson, skipInputValidation: true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Closes the line with the counts; durations are nanoseconds, fixed so that output stays deterministic.
    private static void WriteDone(Utf8JsonWriter json, FakeReply reply)
    {
        json.WriteString("done_reason"u8, reply.FinishReason == FakeFinishReason.Length ? "length"u8 : "stop"u8);
        json.WriteBoolean("done"u8, true);
        json.WriteNumber("total_duration"u8, 1_000_000);
        json.WriteNumber("load_duration"u8, 100_000);
        json.WriteNumber("prompt_eval_count"u8, reply.InputTokens);
        json.WriteNumber("prompt_eval_duration"u8, 200_000);
        json.WriteNumber("eval_count"u8, reply.OutputTokens);
        json.WriteNumber("eval_duration"u8, 700_000);
        json.WriteEndObject();
    }

    private async Task WriteTagsAsync(HttpContext context, IReadOnlyList<string> models)
    {
        context.Response.ContentType = JsonContentType;
        using var json = CreateWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("models"u8);
        foreach (var model in models)
        {
            var name = model.Contains(':', StringComparison.Ordinal) ? model : model + ":latest";
            json.WriteStartObject();
            json.WriteString("name"u8, name);
            json.WriteString("model"u8, name);
            json.WriteString("modified_at"u8, CreatedIso);
            json.WriteNumber("size"u8, 2_019_393_189);
            json.WriteString("digest"u8, Digest[7..]);
            json.WriteStartObject("details"u8);
            json.WriteString("parent_model"u8, ""u8);
            json.WriteString("format"u8, "gguf"u8);
            json.WriteString("family"u8, "llama"u8);
            json.WriteStartArray("families"u8);
            json.WriteStringValue("llama"u8);
            json.WriteEndArray();
            json.WriteString("parameter_size"u8, "3.2B"u8);
            json.WriteString("quantization_level"u8, "Q4_K_M"u8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WritePullProgress(PipeWriter output, bool completed)
    {
        using var json = CreateWriter(output);
        json.WriteStartObject();
        json.WriteString("status"u8, "pulling " + Digest[7..19]);
        json.WriteString("digest"u8, Digest);
        json.WriteNumber("total"u8, LayerSize);
        if (completed)
        {
            json.WriteNumber("completed"u8, LayerSize);
        }

        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private async Task PullAsync(HttpContext context, FakeProvider provider, RecordedRequest request)
    {
        var model = request.Model ?? request.Json?["name"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(model))
        {
            provider.AddModel(model);
        }

        var info = ChatRequestInfo.Parse(request.Body, streamWhenAbsent: true);
        var output = context.Response.BodyWriter;
        context.Response.ContentType = info.Stream ? StreamContentType : JsonContentType;
        if (info.Stream)
        {
            output.Write("{\"status\":\"pulling manifest\"}\n"u8);
            WritePullProgress(output, completed: false);
            WritePullProgress(output, completed: true);
            output.Write("{\"status\":\"verifying sha256 digest\"}\n{\"status\":\"writing manifest\"}\n"u8);
        }

        output.Write("{\"status\":\"success\"}\n"u8);
        await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
