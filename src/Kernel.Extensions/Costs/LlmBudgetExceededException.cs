namespace LlmAspire.Costs;

/// <summary>A call was refused because its worst-case cost does not fit in a budget.</summary>
/// <remarks>The message names the scope, period and limit; never content or keys.</remarks>
public sealed class LlmBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="scope">The budget's scope: <c>global</c> or <c>tenant:{name}</c>.</param>
    /// <param name="period">The period whose limit would be passed.</param>
    /// <param name="limitUsd">The limit in USD.</param>
    /// <param name="retryAfter">The time until the period resets.</param>
    public LlmBudgetExceededException(string scope, LlmBudgetPeriod period, decimal limitUsd, TimeSpan retryAfter)
        : base($"The {period.ToString().ToLowerInvariant()} budget of {scope} ({limitUsd} USD) would be exceeded by " +
            $"this request. It resets in {retryAfter:d\\.hh\\:mm\\:ss} (midnight UTC or the first of the month); " +
            "raise the limit, lower max output tokens, or use a cheaper route.")
    {
        Scope = scope;
        Period = period;
        LimitUsd = limitUsd;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LlmBudgetExceededException(string message)
        : base(message)
    {
        Scope = "global";
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LlmBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Scope = "global";
    }

    /// <summary>Creates the exception with a default message.</summary>
    public LlmBudgetExceededException()
        : this("A budget would be exceeded by this request.")
    {
    }

    /// <summary>Gets the budget's scope: <c>global</c> or <c>tenant:{name}</c>.</summary>
    public string Scope { get; }

    /// <summary>Gets the period whose limit would be passed.</summary>
    public LlmBudgetPeriod Period { get; }

    /// <summary>Gets the limit in USD.</summary>
    public decimal LimitUsd { get; }

    /// <summary>Gets the time until the period resets, after which the call may fit again.</summary>
    public TimeSpan RetryAfter { get; }
}
