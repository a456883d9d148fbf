using System.IO.Pipelines;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Http;
using LlmAspire.Api.Logging;
using LlmAspire.Api.Mapping;
using LlmAspire.Api.Wire;
using LlmAspire.Routing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Endpoints;

/// <content>Streaming answers as server-sent events.</content>
internal sealed partial class ChatCompletionsEndpoint
{
    private async Task StreamAsync(
        HttpContext context,
        IChatClient client,
        ChatRequest request,
        LlmCallContext callContext)
    {
        var cancellationToken = context.RequestAborted;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        var started = false;
        var model = request.Model;
        try
        {
            // Headers go out only once the first update is here: until then a failure can still be a JSON error
            // with a real status code, and the call context knows which target is answering.
            updates = client.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
            var hasFirst = await updates.MoveNextAsync();
            var first = hasFirst ? updates.Current : null;

            model = callContext.Model ?? first?.ModelId ?? request.Model;
            var identity = new CompletionIdentity(_timeProvider.GetUtcNow().ToUnixTimeSeconds(), model);
            StartEventStream(context, callContext, model);
            started = true;

            var output = context.Response.BodyWriter;
            var state = new StreamState();
            first ??= new ChatResponseUpdate(ChatRole.Assistant, string.Empty);
            WriteUpdate(output, identity, first, ref state, isFirst: true);
            await output.FlushAsync(cancellationToken);

            while (await updates.MoveNextAsync())
            {
                if (WriteUpdate(output, identity, updates.Current, ref state, isFirst: false))
                {
                    await output.FlushAsync(cancellationToken);
                }
            }

            if (state.FinishReason is null)
            {
                // Some SDKs end a cut stream quietly; without a finish reason the answer may be truncated, and a
                // [DONE] here would pass it off as complete.
                throw new IncompleteStreamException();
            }

            WriteEnd(output, identity, state, request.IncludeUsage);
            var attempts = callContext.Attempts.Count;
            _logger.LogRequestCompleted(request.Model, callContext.Provider, model, attempts, stream: true);
            await output.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogClientDisconnected(request.Model);
        }
        catch (Exception ex) when (!started)
        {
            await WriteUpstreamErrorAsync(context.Response, ex, request.Model, callContext);
        }
        catch (Exception ex)
        {
            // The status line and earlier chunks are gone: the only honest ending is an explicit error event, with
            // no [DONE], so no client mistakes the cut stream for a complete answer.
            _logger.LogStreamFailedAfterStart(model, ex.GetType().Name);
            var error = ex is IncompleteStreamException
                ? new GatewayError(
                    StatusCodes.Status502BadGateway,
                    ErrorTypes.Upstream,
                    ErrorCodes.StreamIncomplete,
                    null,
                    ex.Message)
                : UpstreamErrorMapper.Map(ex, request.Model) with { Code = ErrorCodes.StreamFailed };
            SseWriter.WriteError(context.Response.BodyWriter, error);
            await context.Response.BodyWriter.FlushAsync(CancellationToken.None);
        }
        finally
        {
            if (updates is not null)
            {
                await DisposeQuietlyAsync(updates);
            }
        }
    }

    private static void StartEventStream(HttpContext context, LlmCallContext callContext, string model)
    {
        var response = context.Response;
        LlmResponseHeaders.Set(response, callContext, model);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static bool WriteUpdate(
        PipeWriter output,
        in CompletionIdentity identity,
        ChatResponseUpdate update,
        ref StreamState state,
        bool isFirst)
    {
        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                state.Usage = usage.Details;
            }
        }

        if (update.FinishReason is { } reason)
        {
            state.FinishReason = reason;
        }

        if (!isFirst && !ChatCompletionWriter.HasDelta(update))
        {
            return false;
        }

        SseWriter.BeginEvent(output);
        var writer = JsonWriterCache.Rent(output);
        ChatCompletionWriter.WriteChunk(writer, identity, update, isFirst, ref state.ToolIndex);
        JsonWriterCache.Return(writer);
        SseWriter.EndEvent(output);
        return true;
    }

    private static void WriteEnd(
        PipeWriter output,
        in CompletionIdentity identity,
        StreamState state,
        bool includeUsage)
    {
        var writer = JsonWriterCache.Rent(output);
        SseWriter.BeginEvent(output);
        ChatCompletionWriter.WriteFinishChunk(
            writer,
            identity,
            ChatCompletionWriter.FinishReason(state.FinishReason, hasToolCalls: state.ToolIndex > 0));
        JsonWriterCache.Return(writer);
        SseWriter.EndEvent(output);

        if (includeUsage)
        {
            writer = JsonWriterCache.Rent(output);
            SseWriter.BeginEvent(output);
            ChatCompletionWriter.WriteUsageChunk(writer, identity, state.Usage);
            JsonWriterCache.Return(writer);
            SseWriter.EndEvent(output);
        }

        SseWriter.WriteDone(output);
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The answer (or its error) is already written; a provider stream that fails to close changes nothing.
        }
    }

    private struct StreamState
    {
        public int ToolIndex;
        public ChatFinishReason? FinishReason;
        public UsageDetails? Usage;
    }
}
