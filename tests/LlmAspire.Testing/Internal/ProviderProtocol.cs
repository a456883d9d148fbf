using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmAspire.Testing.Internal;

// One provider's wire format. The shared flow (status, headers, cuts, broken bodies) lives here; each
// subclass writes its own JSON shapes.
internal abstract class ProviderProtocol
{
    // A fixed timestamp keeps responses deterministic: 2026-01-01T00:00:00Z.
    protected const long CreatedUnixSeconds = 1_767_225_600;

    protected const string CreatedIso = "2026-01-01T00:00:00Z";

    private static readonly TimeSpan CutGrace = TimeSpan.FromMilliseconds(250);

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = false };

    public virtual bool StreamWhenAbsent => false;

    protected virtual string JsonContentType => "application/json";

    protected virtual string StreamContentType => "text/event-stream";

    protected abstract ReadOnlySpan<byte> MalformedJson { get; }

    protected abstract ReadOnlySpan<byte> MalformedStream { get; }

    public abstract bool IsChatRequest(string method, string path);

    public abstract IReadOnlyList<string> DefaultModels { get; }

    public abstract Task<bool> TryHandleOtherAsync(HttpContext context, FakeProvider provider, RecordedRequest request);

    public async Task AnswerAsync(HttpContext context, ChatExchange exchange, bool stream)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;

        if (stream)
        {
            response.ContentType = StreamContentType;
            response.Headers.CacheControl = "no-cache";
            await StreamAnswerAsync(context, response.BodyWriter, exchange).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteAnswer(json, exchange);
        }

        response.ContentType = JsonContentType;
        if (exchange.Reply.CutAfterChunks is null)
        {
            response.ContentLength = buffer.WrittenCount;
            await response.BodyWriter.WriteAsync(buffer.WrittenMemory, exchange.Aborted).ConfigureAwait(false);
            return;
        }

        // Half a body and no end: the client sees the connection drop while reading the JSON.
        var half = buffer.WrittenMemory[..(buffer.WrittenCount / 2)];
        await response.BodyWriter.WriteAsync(half, exchange.Aborted).ConfigureAwait(false);
        await CutAsync(context, exchange.Reply).ConfigureAwait(false);
    }

    public async Task ErrorAsync(
        HttpContext context,
        FakeReply reply,
        long sequence,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = reply.StatusCode;
        response.ContentType = JsonContentType;

        if (reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (reply.RetryAfterMs is { } retryAfterMs)
        {
            var milliseconds = Math.Ceiling(retryAfterMs.TotalMilliseconds);
            response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        }

        var requestId = "req_fake" + sequence.ToString("D6", CultureInfo.InvariantCulture);
        AddErrorHeaders(response, requestId);

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteError(json, reply.StatusCode, reply.ErrorMessage, requestId);
        }

        response.ContentLength = buffer.WrittenCount;
        await response.BodyWriter.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    public async Task MalformedAsync(HttpContext context, bool stream, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = stream ? StreamContentType : JsonContentType;

        var body = (stream ? MalformedStream : MalformedJson).ToArray();
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    public Task NotFoundAsync(HttpContext context, RecordedRequest request, long sequence)
    {
        var reply = FakeReply.Error(
            StatusCodes.Status404NotFound,
            $"The fake provider serves no route {request.Method} {request.Path}.");

        return ErrorAsync(context, reply, sequence, context.RequestAborted);
    }

    protected static async Task CutAsync(HttpContext context, FakeReply reply)
    {
        await context.Response.BodyWriter.FlushAsync().ConfigureAwait(false);

        if (reply.Stalls)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, which is what a stall test waits for.
            }

            return;
        }

        if (reply.EndsCleanly)
        {
            // Returning completes the HTTP response normally: the body just stops before the protocol's end.
            return;
        }

        // LIMITATION: Kestrel's Abort resets the connection and drops bytes its transport has not sent yet, and a
        // flush only hands them to the transport; a short grace lets the chunks reach the client before the reset.
        // On a very loaded machine a chunk could still be lost; a transport-level hook that sends FIN would remove it.
        await Task.Delay(CutGrace, CancellationToken.None).ConfigureAwait(false);
        context.Abort();
    }

    // Ends the event begun by BeginEvent and flushes it, so the client sees each event as it is written.
    protected async ValueTask SendAsync(PipeWriter output, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.Flush();
        output.Write(EventEnd);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected static Utf8JsonWriter BeginEvent(PipeWriter output, Utf8JsonWriter json, ReadOnlySpan<byte> prefix)
    {
        output.Write(prefix);
        json.Reset(output);
        return json;
    }

    protected static bool ShouldCut(
        ChatExchange exchange,
        int sentChunks) => exchange.Reply.CutAfterChunks == sentChunks;

    protected static Utf8JsonWriter CreateWriter(PipeWriter output) => new(output, WriterOptions);

    protected virtual ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    protected virtual void AddErrorHeaders(HttpResponse response, string requestId)
    {
    }

    protected abstract void WriteAnswer(Utf8JsonWriter json, ChatExchange exchange);

    protected abstract Task StreamAnswerAsync(HttpContext context, PipeWriter output, ChatExchange exchange);

    protected abstract void WriteError(Utf8JsonWriter json, int statusCode, string message, string requestId);
}
