namespace LlmAspire.Costs;

/// <summary>What happens to a call that would take spend past a budget.</summary>
public enum LlmBudgetAction
{
    /// <summary>The call fails with <see cref="LlmBudgetExceededException"/> (HTTP 429 <c>budget_exceeded</c> at the gateway).</summary>
    Reject,

    /// <summary>The call goes to <see cref="LlmBudgetOptions.DowngradeRoute"/> instead, which has its own budget check.</summary>
    Downgrade,
}
