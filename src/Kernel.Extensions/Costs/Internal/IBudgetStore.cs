namespace LlmAspire.Costs.Internal;

/// <summary>Spent and reserved money per budget and period, shared by every replica that uses the same store.</summary>
internal interface IBudgetStore
{
    /// <summary>
    /// Reserves <paramref name="picodollars"/> on every limit at once, or on none: a limit is passed when its spent plus
    /// reserved plus the amount would exceed it.
    /// </summary>
    /// <returns>The index of the first limit that would be passed, or -1 when reserved.</returns>
    Task<int> TryReserveAsync(IReadOnlyList<BudgetLimit> limits, long picodollars, CancellationToken cancellationToken);

    /// <summary>Turns a reservation into spend of <paramref name="actual"/> (0 releases it).</summary>
    /// <returns>Each limit's spend after settling, in the order of <paramref name="limits"/>.</returns>
    Task<long[]> SettleAsync(
        IReadOnlyList<BudgetLimit> limits,
        long reserved,
        long actual,
        CancellationToken cancellationToken);

    /// <summary>Reads spent and reserved for a limit.</summary>
    Task<(long Spent, long Reserved)> ReadAsync(BudgetLimit limit, CancellationToken cancellationToken);

    /// <summary>Marks a limit's soft alert as raised; true only for the first caller in the period.</summary>
    Task<bool> TryMarkAlertedAsync(BudgetLimit limit, CancellationToken cancellationToken);
}
