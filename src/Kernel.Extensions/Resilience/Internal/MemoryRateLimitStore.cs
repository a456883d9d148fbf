namespace LlmAspire.Resilience.Internal;

/// <summary>Rate-limit windows for one process, on the injected <see cref="TimeProvider"/>.</summary>
internal sealed class MemoryRateLimitStore(TimeProvider timeProvider) : IRateLimitStore
{
    private readonly Dictionary<string, double> _arrivalMs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ValueTask<RateLimitDecision> TryAcquireAsync(
        string key,
        long units,
        long limit,
        TimeSpan window,
        CancellationToken cancellationToken)
    {
        var now = NowMs();
        var interval = window.TotalMilliseconds / limit;
        lock (_lock)
        {
            var arrival = Math.Max(_arrivalMs.GetValueOrDefault(key), now);
            var next = arrival + (units * interval);
            var allowedAt = next - window.TotalMilliseconds;
            if (allowedAt > now)
            {
                return ValueTask.FromResult(new RateLimitDecision(
                    false,
                    TimeSpan.FromMilliseconds(Math.Ceiling(allowedAt - now))));
            }

            _arrivalMs[key] = next;
            return ValueTask.FromResult(RateLimitDecision.Grant);
        }
    }

    public ValueTask AdjustAsync(
        string key,
        long units,
        long limit,
        TimeSpan window,
        CancellationToken cancellationToken)
    {
        var now = NowMs();
        var interval = window.TotalMilliseconds / limit;
        lock (_lock)
        {
            var arrival = Math.Max(_arrivalMs.GetValueOrDefault(key), now);
            _arrivalMs[key] = Math.Max(arrival + (units * interval), now);
        }

        return ValueTask.CompletedTask;
    }

    private double NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
