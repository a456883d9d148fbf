using System.Runtime.CompilerServices;
using LlmAspire.Providers;
using LlmAspire.Resilience.Internal;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;

namespace LlmAspire.Routing.Internal;

internal sealed partial class TargetChatClient
{
    /// <summary>
    /// Streams from the target. Opening the stream and reading up to its first visible update is retried like a
    /// non-streaming call (bounded by <see cref="Configuration.LlmResilienceOptions.FirstChunkTimeout"/> per attempt);
    /// after that a failure or an idle gap longer than <see cref="Configuration.LlmResilienceOptions.StreamIdleTimeout"/>
    /// ends the stream with an <see cref="LlmProviderException"/>.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (context, innerOptions) = Prepare(options);

        StreamStart start;
        try
        {
            start = await _pipeline.ExecuteAsync(
                static (state, token) => state.self.OpenAsync(state.messages, state.innerOptions, state.context, token),
                (self: this, messages, innerOptions, context),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw RecordFailure(context, CircuitOpen(ex));
        }

        await using (start.ConfigureAwait(false))
        {
            if (start.Held is not null)
            {
                foreach (var update in start.Held)
                {
                    yield return update;
                }
            }

            if (start.First is null)
            {
                yield break;
            }

            yield return start.First;

            UsageDetails? usage = FindUsage(start.First);
            while (true)
            {
                start.Timeout.Restart(_resilience.StreamIdleTimeout);
                try
                {
                    if (!await start.MoveNextAsync().ConfigureAwait(false))
                    {
                        await SettleRateLimitAsync(start.Charged, usage).ConfigureAwait(false);
                        break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var failure = AsProviderException(start.Timeout.Translate(
                        ex,
                        "StreamIdleTimeout",
                        _resilience.StreamIdleTimeout));
                    context.ReplaceLastAttempt(new LlmAttempt(Target.Name, failure.Error));
                    throw failure;
                }

                usage = FindUsage(start.Stream.Current) ?? usage;
                yield return start.Stream.Current;
            }
        }
    }

    private static UsageDetails? FindUsage(ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                return usage.Details;
            }
        }

        return null;
    }

    private async ValueTask<StreamStart> OpenAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions innerOptions,
        LlmCallContext context,
        CancellationToken token)
    {
        // Waiting for rate-limit room does not count against the first-chunk timeout.
        long charged;
        try
        {
            charged = await AcquireRateLimitAsync(messages, innerOptions, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            throw RecordFailure(context, ex);
        }

        var timeout = new AttemptTimeout(_timeProvider, token, _resilience.FirstChunkTimeout);

        var start = new StreamStart(
            InnerClient.GetStreamingResponseAsync(
                messages,
                innerOptions,
                timeout.Token).GetAsyncEnumerator(timeout.Token),
            timeout)
        {
            Charged = charged,
        };
        var opened = false;
        try
        {
            while (await start.MoveNextAsync().ConfigureAwait(false))
            {
                if (ChatUpdates.IsVisible(start.Stream.Current))
                {
                    start.First = start.Stream.Current;
                    break;
                }

                (start.Held ??= []).Add(start.Stream.Current);
            }

            context.AddAttempt(new LlmAttempt(Target.Name, null));
            opened = true;
            return start;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            throw RecordFailure(context, timeout.Translate(ex, "FirstChunkTimeout", _resilience.FirstChunkTimeout));
        }
        finally
        {
            if (!opened)
            {
                await start.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static LlmProviderException AsProviderException(Exception ex) =>
        ex as LlmProviderException ?? new LlmProviderException(Providers.Internal.ProviderErrorClassifier.Classify(ex));

    /// <summary>An opened stream, the updates read before its first visible one, and its running deadline.</summary>
    private sealed class StreamStart(
        IAsyncEnumerator<ChatResponseUpdate> stream,
        AttemptTimeout timeout) : IAsyncDisposable
    {
        private bool _abandoned;

        public IAsyncEnumerator<ChatResponseUpdate> Stream { get; } = stream;

        public AttemptTimeout Timeout { get; } = timeout;

        public List<ChatResponseUpdate>? Held { get; set; }

        public ChatResponseUpdate? First { get; set; }

        public long Charged { get; init; }

        /// <summary>
        /// Moves to the next update, giving up when the deadline passes even if the SDK ignores cancellation while
        /// it waits on the network (OllamaSharp does, on a stalled stream).
        /// </summary>
        public async ValueTask<bool> MoveNextAsync()
        {
            var pending = Stream.MoveNextAsync();
            if (pending.IsCompleted)
            {
                return await pending.ConfigureAwait(false);
            }

            try
            {
                return await pending.AsTask().WaitAsync(Timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Timeout.Token.IsCancellationRequested)
            {
                _abandoned = true;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // LIMITATION: a stream abandoned mid-read cannot be disposed until that read ends; its connection is
            // released when the provider closes it. A transport-level abort per request would free it at once.
            if (!_abandoned)
            {
                await Stream.DisposeAsync().ConfigureAwait(false);
            }

            Timeout.Dispose();
        }
    }
}
