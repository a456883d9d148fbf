namespace LlmAspire.Costs;

/// <summary>A budget's state in its current period.</summary>
/// <param name="Scope"><c>global</c> or <c>tenant:{name}</c>.</param>
/// <param name="Period">The period.</param>
/// <param name="LimitUsd">The limit.</param>
/// <param name="SpentUsd">What settled calls spent in the period.</param>
/// <param name="ReservedUsd">The worst-case cost of calls still running.</param>
/// <param name="RemainingUsd">The limit less spent and reserved, never below 0.</param>
public sealed record LlmBudgetStatus(
    string Scope,
    LlmBudgetPeriod Period,
    decimal LimitUsd,
    decimal SpentUsd,
    decimal ReservedUsd,
    decimal RemainingUsd);
