using System.Runtime.CompilerServices;
using LlmAspire.Caching.Internal;
using Microsoft.Extensions.AI;

namespace LlmAspire.Caching;

/// <content>
/// Streams. The caller whose request starts the upstream call streams it live while the stage collects it; callers
/// that join the same in-flight call, and later callers, get the finished answer replayed as a stream.
/// </content>
internal sealed partial class ResponseCachingChatClient
{
    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var plan = Plan(messages, options);
        if (plan.Key is null)
        {
            Record(plan.Context, LlmCacheStatus.Bypass);
            await foreach (var update in InnerClient.GetStreamingResponseAsync(
                messages,
                plan.Options,
                cancellationToken)
                .ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        for (var attempt = 0; ; attempt++)
        {
            var call = new CacheCall(this, messages, plan.Options, plan.Context, stream: true);
            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pending = _cache.GetOrCreateAsync(
                plan.Key,
                call,
                static (c, ct) => c.Owner.ProduceStreamAsync(c, ct),
                plan.EntryOptions,
                tags: null,
                lifetime.Token).AsTask();

            await Task.WhenAny(call.Started.Task, pending).ConfigureAwait(false);
            if (call.Started.Task.IsCompleted)
            {
                Record(plan.Context, plan.MissStatus);
                var finished = false;
                var updates = call.Updates!.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await updates.MoveNextAsync().ConfigureAwait(false);
                        }
                        catch (Exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The upstream call failed. HybridCache forgets a failed call only once its factory has
                            // finished; waiting for that means a retry right after this failure starts afresh
                            // instead of joining the failed call.
                            await SettleAsync(pending).ConfigureAwait(false);
                            throw;
                        }

                        if (!more)
                        {
                            break;
                        }

                        yield return updates.Current;
                    }

                    finished = true;
                }
                finally
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                    if (!finished)
                    {
                        // The caller stopped reading: the upstream call goes on only if another caller waits for it.
                        await lifetime.CancelAsync().ConfigureAwait(false);
                    }

                    _ = pending.ContinueWith(
                        static t => _ = t.Exception,
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }

                yield break;
            }

            var (entry, shared) = await JoinAsync(pending, call).ConfigureAwait(false);
            ChatResponse response;
            if (shared is not null)
            {
                Record(plan.Context, LlmCacheStatus.Hit);
                response = shared;
            }
            else if (attempt == 0 && await RemoveIfExpiredAsync(plan.Key, entry!, cancellationToken)
                .ConfigureAwait(false))
            {
                continue;
            }
            else
            {
                response = Hit(plan.Context, entry!).Response;
            }

            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }
    }

    private static async Task SettleAsync(Task pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure itself reaches the caller from the stream; only the settling matters here.
        }
    }

    internal async ValueTask<byte[]> ProduceStreamAsync(CacheCall call, CancellationToken cancellationToken)
    {
        call.Started.TrySetResult();
        var writer = call.Updates!.Writer;
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in InnerClient.GetStreamingResponseAsync(
                call.Messages,
                call.Options,
                cancellationToken)
                .ConfigureAwait(false))
            {
                updates.Add(update);
                writer.TryWrite(update);
            }
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }

        writer.TryComplete();
        return Encode(call, updates.ToChatResponse());
    }

    /// <summary>Awaits a call another caller started: its stored entry, or its answer when that was not stored.</summary>
    private static async Task<(byte[]? Entry, ChatResponse? Shared)> JoinAsync(Task<byte[]> pending, CacheCall call)
    {
        try
        {
            return (await pending.ConfigureAwait(false), null);
        }
        catch (ResponseNotStoredException ex) when (!ReferenceEquals(ex.Owner, call))
        {
            return (null, ex.Response);
        }
    }
}
