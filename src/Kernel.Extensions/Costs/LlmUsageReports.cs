using LlmAspire.Costs.Internal;

namespace LlmAspire.Costs;

/// <summary>
/// Reads spend and usage as recorded by every process that shares the ledger (Redis when
/// <c>ConnectionStrings:cache</c> is configured, this process's memory otherwise). The gateway's <c>/v1/usage</c>
/// serves the same report. Thread-safe.
/// </summary>
public sealed class LlmUsageReports
{
    /// <summary>The longest range one report may cover, in days.</summary>
    public const int MaxDays = 366;

    private readonly IUsageLedger _ledger;
    private readonly BudgetGuard _budgets;

    internal LlmUsageReports(IUsageLedger ledger, BudgetGuard budgets)
    {
        _ledger = ledger;
        _budgets = budgets;
    }

    /// <summary>Builds the report for the UTC days <paramref name="from"/> to <paramref name="to"/>, inclusive.</summary>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day.</param>
    /// <param name="tenant">A tenant to limit the report to, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report; its budgets are those of the current periods.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>, or the range is longer than <see cref="MaxDays"/>.</exception>
    public async Task<LlmUsageReport> GetReportAsync(
        DateOnly from,
        DateOnly to,
        string? tenant = null,
        CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException(
                $"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}). Swap the dates.",
                nameof(to));
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ArgumentException(
                $"The range {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is longer than {MaxDays} days. Ask for a shorter " +
                "range.",
                nameof(to));
        }

        var buckets = await _ledger.ReadAsync(from, to, tenant, cancellationToken).ConfigureAwait(false);
        var budgets = await _budgets.GetStatusesAsync(tenant, cancellationToken).ConfigureAwait(false);
        return UsageReportBuilder.Build(from, to, tenant, buckets, budgets);
    }

    /// <summary>Builds the report for the current UTC month up to and including today.</summary>
    /// <param name="tenant">A tenant to limit the report to, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The month-to-date report.</returns>
    public Task<LlmUsageReport> GetMonthToDateAsync(
        string? tenant = null,
        CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(_budgets.TimeProvider.GetUtcNow().UtcDateTime);
        return GetReportAsync(new DateOnly(today.Year, today.Month, 1), today, tenant, cancellationToken);
    }

    /// <summary>Builds the report for the current UTC day.</summary>
    /// <param name="tenant">A tenant to limit the report to, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Today's report.</returns>
    public Task<LlmUsageReport> GetTodayAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(_budgets.TimeProvider.GetUtcNow().UtcDateTime);
        return GetReportAsync(today, today, tenant, cancellationToken);
    }
}
