using Microsoft.Extensions.Logging;

namespace LlmAspire.AppHost.Logging;

/// <summary>The AppHost's log messages. Event ids are fixed and never reused.</summary>
internal static partial class AppHostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Running in {Mode} mode because {Reason}.")]
    public static partial void LogMode(this ILogger logger, string mode, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Resource '{Resource}': {Detail}.")]
    public static partial void LogResourceChoice(this ILogger logger, string resource, string detail);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Warning,
        Message = "Provider '{Provider}' left out: {Reason}. To add it: {Fix}.")]
    public static partial void LogProviderLeftOut(this ILogger logger, string provider, string reason, string fix);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Route 'default' has no targets: {Reason}.")]
    public static partial void LogNoDefaultTargets(this ILogger logger, string reason);

    [LoggerMessage(
        EventId = 5,
        Level = LogLevel.Warning,
        Message = "'{Runtime} info' fails: the containers will not start and the api will wait for them. " +
            "Start the container engine, or set LlmAspire:ContainerRuntime to 'auto' or 'none'.")]
    public static partial void LogRuntimeNotAnswering(this ILogger logger, string runtime);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Pulling model {Model}.")]
    public static partial void LogPullStarted(this ILogger logger, string model);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Status}")]
    public static partial void LogPullStatus(this ILogger logger, string status);

    [LoggerMessage(
        EventId = 12,
        Level = LogLevel.Information,
        Message = "{Status} {Digest}: {Percent}% of {TotalMegabytes} MB")]
    public static partial void LogPullProgress(
        this ILogger logger,
        string status,
        string digest,
        int percent,
        long totalMegabytes);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Model {Model} is ready.")]
    public static partial void LogPullCompleted(this ILogger logger, string model);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Pulling model {Model} failed: {Error}")]
    public static partial void LogPullFailed(this ILogger logger, string model, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Pulling model {Model} failed")]
    public static partial void LogPullException(this ILogger logger, string model, Exception exception);
}
