namespace LlmAspire.Costs;

/// <summary>Spend and usage over a range of UTC days, with breakdowns and the current budgets.</summary>
public sealed class LlmUsageReport
{
    /// <summary>Gets the first day covered (UTC).</summary>
    public required DateOnly From { get; init; }

    /// <summary>Gets the last day covered (UTC), inclusive.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Gets the tenant the report is limited to, or <see langword="null"/> for all.</summary>
    public string? Tenant { get; init; }

    /// <summary>Gets the total cost in USD.</summary>
    public decimal TotalCostUsd { get; init; }

    /// <summary>Gets the number of answered calls, cache hits included.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of calls the response cache answered.</summary>
    public long CacheHits { get; init; }

    /// <summary>Gets what the cache hits would have cost.</summary>
    public decimal SavedCostUsd { get; init; }

    /// <summary>Gets the breakdown per UTC day, oldest first; days without calls are left out.</summary>
    public required IReadOnlyList<LlmUsageEntry> ByDay { get; init; }

    /// <summary>Gets the breakdown per tenant; calls without a tenant are under <c>(none)</c>.</summary>
    public required IReadOnlyList<LlmUsageEntry> ByTenant { get; init; }

    /// <summary>Gets the breakdown per route; calls that named a target directly are under <c>(direct)</c>.</summary>
    public required IReadOnlyList<LlmUsageEntry> ByRoute { get; init; }

    /// <summary>Gets the breakdown per provider.</summary>
    public required IReadOnlyList<LlmUsageEntry> ByProvider { get; init; }

    /// <summary>Gets the breakdown per <c>provider/model</c>.</summary>
    public required IReadOnlyList<LlmUsageEntry> ByModel { get; init; }

    /// <summary>Gets the <c>provider/model</c> names that answered calls without a price; their cost counts as 0 here.</summary>
    public required IReadOnlyList<string> UnpricedModels { get; init; }

    /// <summary>Gets the configured budgets in their current periods (the tenant's only, for a tenant report).</summary>
    public required IReadOnlyList<LlmBudgetStatus> Budgets { get; init; }
}
