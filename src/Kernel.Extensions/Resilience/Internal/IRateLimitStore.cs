namespace LlmAspire.Resilience.Internal;

/// <summary>
/// Keeps rate-limit windows as generic cell rate algorithm (GCRA) state: per key, the theoretical arrival time of the
/// next unit. A limit of <c>L</c> units per window lets a burst of up to <c>L</c> through and then one unit every
/// <c>window / L</c>.
/// </summary>
internal interface IRateLimitStore
{
    /// <summary>Takes <paramref name="units"/> when they fit in the window now; otherwise takes nothing.</summary>
    ValueTask<RateLimitDecision> TryAcquireAsync(
        string key,
        long units,
        long limit,
        TimeSpan window,
        CancellationToken cancellationToken);

    /// <summary>Gives back (negative) or charges (positive) units after the fact, when an estimate turned out wrong.</summary>
    ValueTask AdjustAsync(string key, long units, long limit, TimeSpan window, CancellationToken cancellationToken);
}
