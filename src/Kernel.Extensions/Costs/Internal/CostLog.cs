using Microsoft.Extensions.Logging;

namespace LlmAspire.Costs.Internal;

/// <summary>Log messages of cost accounting and budgets. Never content, never keys.</summary>
internal static partial class CostLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Model {Model} on provider {Provider} has no price; its calls are reported as unpriced and count " +
            "as 0 USD. Add Llm:Pricing:{Model}.")]
    public static partial void LogUnpricedModel(this ILogger logger, string provider, string model);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "The {Period} budget of {Scope} has reached {SpentUsd} of {LimitUsd} USD, past its alert threshold " +
            "of {Threshold}.")]
    public static partial void LogBudgetAlert(
        this ILogger logger,
        string scope,
        string period,
        decimal spentUsd,
        decimal limitUsd,
        decimal threshold);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "A call on {Route} was refused: its worst-case cost of {ReserveUsd} USD does not fit in the " +
            "{Period} budget of {Scope} ({LimitUsd} USD).")]
    public static partial void LogBudgetRejected(
        this ILogger logger,
        string route,
        decimal reserveUsd,
        string period,
        string scope,
        decimal limitUsd);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "A call on {Route} does not fit in the {Period} budget of {Scope}; sending it to {DowngradeRoute}.")]
    public static partial void LogBudgetDowngraded(
        this ILogger logger,
        string route,
        string period,
        string scope,
        string downgradeRoute);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error,
        Message = "Writing a usage record for {Provider}/{Model} failed with {ErrorType}; the call succeeded but its " +
            "usage is missing from the ledger.")]
    public static partial void LogLedgerWriteFailed(
        this ILogger logger,
        string provider,
        string model,
        string errorType);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug,
        Message = "Call on {Route} answered by {Provider}/{Model}: {InputTokens} input ({CachedTokens} cached, " +
            "{CacheWriteTokens} cache-write), {OutputTokens} output tokens, {CostUsd} USD, cache hit {CacheHit}.")]
    public static partial void LogUsageRecorded(
        this ILogger logger,
        string route,
        string provider,
        string model,
        long inputTokens,
        long cachedTokens,
        long cacheWriteTokens,
        long outputTokens,
        decimal costUsd,
        bool cacheHit);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error,
        Message = "Settling a budget reservation failed with {ErrorType}; {ActualUsd} USD of spend is missing from " +
            "the budgets and the reservation stays held until its period ends.")]
    public static partial void LogBudgetSettleFailed(this ILogger logger, string errorType, decimal actualUsd);
}
