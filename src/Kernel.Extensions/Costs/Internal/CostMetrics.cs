using System.Diagnostics.Metrics;
using LlmAspire.Telemetry.Internal;

namespace LlmAspire.Costs.Internal;

/// <summary>The cost and budget instruments on LlmAspire's meter.</summary>
internal static class CostMetrics
{
    public static readonly Counter<double> Cost = LlmAspireMetrics.Meter.CreateCounter<double>(
        "llmaspire.cost", "USD", "What answered calls cost, from the provider's reported usage and the price table.");

    public static readonly Counter<double> Saved = LlmAspireMetrics.Meter.CreateCounter<double>(
        "llmaspire.cost.saved", "USD", "What calls answered from the response cache would have cost.");

    public static readonly Counter<long> BudgetRejections = LlmAspireMetrics.Meter.CreateCounter<long>(
        "llmaspire.budget.rejections",
        "{call}",
        "Calls refused because their worst-case cost did not fit in a budget.");

    public static readonly Counter<long> BudgetDowngrades = LlmAspireMetrics.Meter.CreateCounter<long>(
        "llmaspire.budget.downgrades",
        "{call}",
        "Calls sent to the downgrade route because they did not fit in a budget.");

    public static readonly Counter<long> BudgetAlerts = LlmAspireMetrics.Meter.CreateCounter<long>(
        "llmaspire.budget.alerts", "{alert}", "Budgets that passed their alert threshold, once per scope and period.");
}
