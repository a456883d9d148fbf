namespace LlmAspire.Costs.Internal;

/// <summary>One budget in one period: the store key and the limit.</summary>
/// <param name="Scope"><c>global</c> or <c>tenant:{name}</c>.</param>
/// <param name="Period">The period.</param>
/// <param name="PeriodKey">The period's key, such as <c>2026-12-03</c> or <c>2026-12</c>.</param>
/// <param name="LimitUsd">The limit.</param>
internal sealed record BudgetLimit(string Scope, LlmBudgetPeriod Period, string PeriodKey, decimal LimitUsd)
{
    public string StoreKey { get; } = $"{Scope}|{PeriodKey}";
}
