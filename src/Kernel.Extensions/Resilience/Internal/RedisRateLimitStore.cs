using System.Globalization;
using LlmAspire.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LlmAspire.Resilience.Internal;

/// <summary>
/// Rate-limit windows in Redis, shared by every replica, so the replica count never multiplies a limit. Each check is
/// one Lua script, atomic on the server. While Redis is unreachable the windows fall back to this process alone.
/// </summary>
/// <remarks>
/// The current time is the caller's (<see cref="TimeProvider"/>), not Redis's, so tests can drive it; replicas' clocks
/// are assumed to agree within a small fraction of a window.
/// </remarks>
internal sealed partial class RedisRateLimitStore(
    LlmRedisConnection redis,
    MemoryRateLimitStore fallback,
    TimeProvider timeProvider,
    ILogger<RedisRateLimitStore> logger) : IRateLimitStore
{
    // Set while Redis is unreachable, so the outage is logged once rather than on every call.
    private int _degraded;

    // KEYS[1]: the window. ARGV: now (ms), units, interval per unit (ms), window (ms), mode (1 acquire, 0 adjust).
    // Returns -1 when granted or adjusted, else the milliseconds until the units would fit.
    private const string Script = """
        local arrival = tonumber(redis.call('GET', KEYS[1]) or '0')
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[4])
        if arrival < now then arrival = now end
        local nextArrival = arrival + tonumber(ARGV[2]) * tonumber(ARGV[3])
        if ARGV[5] == '1' and nextArrival - window > now then
          return math.ceil(nextArrival - window - now)
        end
        if nextArrival < now then nextArrival = now end
        redis.call('SET', KEYS[1], string.format('%.3f', nextArrival), 'PX', math.ceil(nextArrival - now + window))
        return -1
        """;

    public async ValueTask<RateLimitDecision> TryAcquireAsync(
        string key,
        long units,
        long limit,
        TimeSpan window,
        CancellationToken cancellationToken)
    {
        var result = await RunAsync(key, units, limit, window, acquire: true).ConfigureAwait(false);
        if (result is null)
        {
            return await fallback.TryAcquireAsync(key, units, limit, window, cancellationToken).ConfigureAwait(false);
        }

        return result < 0
            ? RateLimitDecision.Grant
            : new RateLimitDecision(false, TimeSpan.FromMilliseconds(result.Value));
    }

    public async ValueTask AdjustAsync(
        string key,
        long units,
        long limit,
        TimeSpan window,
        CancellationToken cancellationToken)
    {
        if (await RunAsync(key, units, limit, window, acquire: false).ConfigureAwait(false) is null)
        {
            await fallback.AdjustAsync(key, units, limit, window, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long?> RunAsync(string key, long units, long limit, TimeSpan window, bool acquire)
    {
        if (!redis.TryGetDatabase(out var database))
        {
            Degraded(key);
            return null;
        }

        RedisValue[] values =
        [
            timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            units,
            (window.TotalMilliseconds / limit).ToString("R", CultureInfo.InvariantCulture),
            (long)window.TotalMilliseconds,
            acquire ? 1 : 0,
        ];

        try
        {
            var result = await database.ScriptEvaluateAsync(Script, [key], values).ConfigureAwait(false);
            Volatile.Write(ref _degraded, 0);
            return (long)result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Degraded(key);
            return null;
        }
    }

    private void Degraded(string key)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogRedisUnavailable(logger, key);
        }
    }

    [LoggerMessage(
        EventId = 1202,
        Level = LogLevel.Warning,
        Message = "Redis is unreachable; the rate-limit window {Key} is enforced by this process alone until it is " +
            "back.")]
    private static partial void LogRedisUnavailable(ILogger logger, string key);
}
