using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Caching.Internal;

/// <summary>
/// The response cache's second level (Redis) made optional: a failed or slow operation is logged as a Warning and
/// treated as a miss (reads) or skipped (writes), and the server is left alone for a while before it is tried again,
/// so requests carry on from memory or the provider instead of failing or waiting on every call.
/// </summary>
internal sealed partial class ResilientDistributedCache : IDistributedCache, IDisposable
{
    private readonly IDistributedCache _inner;
    private readonly TimeSpan _retryAfter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _skipUntilTicks;

    public ResilientDistributedCache(
        IDistributedCache inner,
        TimeSpan retryAfter,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _inner = inner;
        _retryAfter = retryAfter;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public byte[]? Get(string key) => Skipping() ? null : Guard(() => _inner.Get(key), "get");

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (Skipping())
        {
            return null;
        }

        try
        {
            return await _inner.GetAsync(key, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Failed("get", ex);
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (!Skipping())
        {
            Guard(() => { _inner.Set(key, value, options); return 0; }, "set");
        }
    }

    public Task SetAsync(
        string key,
        byte[] value,
        DistributedCacheEntryOptions options,
        CancellationToken token = default) =>
        GuardAsync(
            static (inner, state, ct) => inner.SetAsync(state.key, state.value, state.options, ct),
            (key, value, options),
            "set",
            token);

    public void Refresh(string key)
    {
        if (!Skipping())
        {
            Guard(() => { _inner.Refresh(key); return 0; }, "refresh");
        }
    }

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(static (inner, state, ct) => inner.RefreshAsync(state, ct), key, "refresh", token);

    public void Remove(string key)
    {
        if (!Skipping())
        {
            Guard(() => { _inner.Remove(key); return 0; }, "remove");
        }
    }

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(static (inner, state, ct) => inner.RemoveAsync(state, ct), key, "remove", token);

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private bool Skipping() => _timeProvider.GetUtcNow().UtcTicks < Volatile.Read(ref _skipUntilTicks);

    private async Task GuardAsync<TState>(
        Func<IDistributedCache, TState, CancellationToken, Task> operation,
        TState state,
        string name,
        CancellationToken token)
    {
        if (Skipping())
        {
            return;
        }

        try
        {
            await operation(_inner, state, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            Failed(name, ex);
        }
    }

    private T? Guard<T>(Func<T> operation, string name)
    {
        try
        {
            return operation();
        }
        catch (Exception ex)
        {
            Failed(name, ex);
            return default;
        }
    }

    private void Failed(string operation, Exception ex)
    {
        // The exception message can name the server; it never holds cached content, but the type says enough.
        Volatile.Write(ref _skipUntilTicks, (_timeProvider.GetUtcNow() + _retryAfter).UtcTicks);
        LogDistributedCacheFailed(_logger, operation, ex.GetType().Name, _retryAfter);
    }

    [LoggerMessage(
        EventId = 3010,
        Level = LogLevel.Warning,
        Message = "The response cache's Redis level failed a {Operation} with {ErrorType}; carrying on from memory " +
            "and skipping Redis for {RetryAfter}.")]
    private static partial void LogDistributedCacheFailed(
        ILogger logger,
        string operation,
        string errorType,
        TimeSpan retryAfter);
}
