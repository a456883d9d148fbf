namespace LlmAspire.Api.Logging;

/// <summary>
/// The gateway's log messages (event ids 2000-2099). They carry status codes, error codes, parameter names, route and
/// model names and counts; never message content, keys or headers.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Rejected a chat request with {StatusCode} {ErrorCode} (param {Param}).")]
    public static partial void LogRequestRejected(this ILogger logger, int statusCode, string errorCode, string? param);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Every target of {Route} failed after {AttemptCount} attempts; the last error was {ErrorType}.")]
    public static partial void LogUpstreamFailed(
        this ILogger logger,
        string route,
        int attemptCount,
        string? errorType);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error,
        Message = "The stream for {Model} failed after its first chunk ({ExceptionType}); " +
            "ended it with an error event.")]
    public static partial void LogStreamFailedAfterStart(this ILogger logger, string model, string exceptionType);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error,
        Message = "A chat request failed unexpectedly with {ExceptionType}; answered 500. Stack: {StackTrace}")]
    public static partial void LogUnexpectedFailure(this ILogger logger, string exceptionType, string? stackTrace);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error,
        Message = "A chat request to {Model} hit the total timeout; answered 504.")]
    public static partial void LogTotalTimeout(this ILogger logger, string model);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug,
        Message = "The client disconnected during a chat request to {Model}.")]
    public static partial void LogClientDisconnected(this ILogger logger, string model);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug,
        Message = "{Model} answered by {Provider}/{AnsweringModel} after {AttemptCount} attempts (stream: {Stream}).")]
    public static partial void LogRequestCompleted(
        this ILogger logger,
        string model,
        string? provider,
        string answeringModel,
        int attemptCount,
        bool stream);
}
