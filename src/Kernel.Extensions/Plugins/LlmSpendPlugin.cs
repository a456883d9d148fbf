using System.ComponentModel;
using System.Globalization;
using LlmAspire.Costs;
using Microsoft.SemanticKernel;

namespace LlmAspire.Plugins;

/// <summary>
/// Kernel functions that let a model read its own spend and remaining budget: <c>get_spend_today</c>,
/// <c>get_spend_this_month</c> and <c>get_remaining_budget</c>. They report only the tenant the plugin was made for
/// (all usage when none), never another tenant's. Thread-safe.
/// </summary>
public sealed class LlmSpendPlugin
{
    private readonly LlmUsageReports _reports;
    private readonly string? _tenant;

    /// <summary>Creates the plugin over <paramref name="reports"/>.</summary>
    /// <param name="reports">The usage reports to read.</param>
    /// <param name="tenant">The tenant whose spend to report, or <see langword="null"/> for all usage.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> is <see langword="null"/>.</exception>
    public LlmSpendPlugin(LlmUsageReports reports, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        _reports = reports;
        _tenant = tenant;
    }

    /// <summary>Gets today's (UTC) LLM spend in USD.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The spend, as a decimal string in USD.</returns>
    [KernelFunction("get_spend_today")]
    [Description("Gets how much has been spent on LLM calls today (UTC), in USD.")]
    public async Task<string> GetSpendTodayAsync(CancellationToken cancellationToken = default)
    {
        var report = await _reports.GetTodayAsync(_tenant, cancellationToken).ConfigureAwait(false);
        return report.TotalCostUsd.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Gets this month's (UTC) LLM spend so far in USD.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The spend, as a decimal string in USD.</returns>
    [KernelFunction("get_spend_this_month")]
    [Description("Gets how much has been spent on LLM calls this month (UTC) so far, in USD.")]
    public async Task<string> GetSpendThisMonthAsync(CancellationToken cancellationToken = default)
    {
        var report = await _reports.GetMonthToDateAsync(_tenant, cancellationToken).ConfigureAwait(false);
        return report.TotalCostUsd.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Gets each configured budget's limit, spend and remaining amount in its current period.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The budgets; empty when none is configured.</returns>
    [KernelFunction("get_remaining_budget")]
    [Description("Gets every LLM budget (scope, daily or monthly, limit, spent and remaining USD) in its current " +
        "period.")]
    public async Task<IReadOnlyList<LlmBudgetStatus>> GetRemainingBudgetAsync(
        CancellationToken cancellationToken = default)
    {
        var report = await _reports.GetTodayAsync(_tenant, cancellationToken).ConfigureAwait(false);
        return report.Budgets;
    }
}
