namespace LlmAspire.Costs.Internal;

/// <summary>The budget store of a single process, used when no Redis is configured.</summary>
internal sealed class MemoryBudgetStore : IBudgetStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Spent, long Reserved)> _budgets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _alerted = new(StringComparer.Ordinal);

    public Task<int> TryReserveAsync(
        IReadOnlyList<BudgetLimit> limits,
        long picodollars,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            for (var i = 0; i < limits.Count; i++)
            {
                var (spent, reserved) = _budgets.GetValueOrDefault(limits[i].StoreKey);
                if (picodollars > 0 && spent + reserved + picodollars > Picodollars.From(limits[i].LimitUsd))
                {
                    return Task.FromResult(i);
                }
            }

            foreach (var limit in limits)
            {
                var (spent, reserved) = _budgets.GetValueOrDefault(limit.StoreKey);
                _budgets[limit.StoreKey] = (spent, reserved + picodollars);
            }
        }

        return Task.FromResult(-1);
    }

    public Task<long[]> SettleAsync(
        IReadOnlyList<BudgetLimit> limits,
        long reserved,
        long actual,
        CancellationToken cancellationToken)
    {
        var spentAfter = new long[limits.Count];
        lock (_lock)
        {
            for (var i = 0; i < limits.Count; i++)
            {
                var (spent, held) = _budgets.GetValueOrDefault(limits[i].StoreKey);
                _budgets[limits[i].StoreKey] = (spent + actual, held - reserved);
                spentAfter[i] = spent + actual;
            }
        }

        return Task.FromResult(spentAfter);
    }

    public Task<(long Spent, long Reserved)> ReadAsync(BudgetLimit limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_budgets.GetValueOrDefault(limit.StoreKey));
        }
    }

    public Task<bool> TryMarkAlertedAsync(BudgetLimit limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_alerted.Add(limit.StoreKey));
        }
    }
}
