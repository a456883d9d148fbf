namespace LlmAspire.Costs;

/// <summary>The global spend limits, bound from <c>Llm:Budget</c>.</summary>
public sealed class LlmBudgetOptions
{
    /// <summary>Gets or sets the most that all calls together may spend per UTC day, in USD.</summary>
    /// <value>Default <see langword="null"/>: no daily limit.</value>
    public decimal? DailyUsd { get; set; }

    /// <summary>Gets or sets the most that all calls together may spend per UTC month, in USD.</summary>
    /// <value>Default <see langword="null"/>: no monthly limit.</value>
    public decimal? MonthlyUsd { get; set; }

    /// <summary>
    /// Gets or sets the share of a limit at which a warning is logged and <c>llmaspire.budget.alerts</c> counted, once
    /// per scope and period (once across replicas when Redis is configured).
    /// </summary>
    /// <value>Default 0.8. Above 0 and at most 1.</value>
    public decimal AlertThreshold { get; set; } = 0.8m;

    /// <summary>Gets or sets what happens to a call that does not fit in a budget.</summary>
    /// <value>Default <see cref="LlmBudgetAction.Reject"/>.</value>
    public LlmBudgetAction OnExceeded { get; set; } = LlmBudgetAction.Reject;

    /// <summary>Gets or sets the route that serves calls when <see cref="OnExceeded"/> is <see cref="LlmBudgetAction.Downgrade"/>.</summary>
    /// <value>Default <see langword="null"/>; required with <see cref="LlmBudgetAction.Downgrade"/>.</value>
    public string? DowngradeRoute { get; set; }

    /// <summary>
    /// Gets or sets the output-token count assumed when reserving a call's worst-case cost if the request sets no
    /// <c>MaxOutputTokens</c>.
    /// </summary>
    /// <value>Default 4096.</value>
    public int DefaultMaxOutputTokens { get; set; } = 4096;
}
