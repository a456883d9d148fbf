namespace LlmAspire.Costs;

/// <summary>A budget period; periods start at midnight UTC (daily) and on the first of the month UTC (monthly).</summary>
public enum LlmBudgetPeriod
{
    /// <summary>One UTC calendar day.</summary>
    Daily,

    /// <summary>One UTC calendar month.</summary>
    Monthly,
}
