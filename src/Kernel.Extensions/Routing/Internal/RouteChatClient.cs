using System.Diagnostics;
using System.Runtime.CompilerServices;
using LlmAspire.Configuration;
using LlmAspire.Providers.Internal;
using LlmAspire.Resilience.Internal;
using LlmAspire.Telemetry.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// Tries a route's targets in order until one answers, within the total timeout. A stream fails over only until its
/// first visible update reaches the caller; after that a failure ends the stream with an
/// <see cref="LlmRouteException"/>, never a quiet truncation.
/// </summary>
internal sealed partial class RouteChatClient : IChatClient
{
    private readonly TargetChatClient[] _targets;
    private readonly TimeSpan _totalTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public RouteChatClient(
        string name,
        bool isRoute,
        IReadOnlyList<TargetChatClient> targets,
        LlmResilienceOptions resilience,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Name = name;
        IsRoute = isRoute;
        _targets = [.. targets];
        _totalTimeout = resilience.TotalTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the route's name, or the target's name when the client serves one target directly.</summary>
    public string Name { get; }

    public bool IsRoute { get; }

    /// <summary>Gets the targets in the order they are tried.</summary>
    public IReadOnlyList<LlmTarget> Targets => [.. _targets.Select(t => t.Target)];

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var context = Begin(ref options);
        using var activity = StartActivity();
        using var total = new AttemptTimeout(_timeProvider, cancellationToken, _totalTimeout);
        Exception? last = null;

        for (var i = 0; i < _targets.Length; i++)
        {
            try
            {
                var response = await _targets[i].GetResponseAsync(messages, options, total.Token).ConfigureAwait(false);
                return Succeeded(context, _targets[i], activity, response);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
                if (total.Expired || !ShouldFailOver(_targets[i], ex, i))
                {
                    break;
                }
            }
        }

        throw AllFailed(context, activity, last, total.Expired);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = Begin(ref options);
        using var activity = StartActivity();
        using var total = new AttemptTimeout(_timeProvider, cancellationToken, _totalTimeout);
        Exception? last = null;

        for (var i = 0; i < _targets.Length; i++)
        {
            // A target's stream yields nothing until its first visible update, having already retried on its own; so
            // a failure before the first update here may still move to the next target, and one after it may not.
            var stream = _targets[i].GetStreamingResponseAsync(
                messages,
                options,
                total.Token).GetAsyncEnumerator(total.Token);
            try
            {
                bool any;
                try
                {
                    any = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    last = ex;
                    if (total.Expired || !ShouldFailOver(_targets[i], ex, i))
                    {
                        break;
                    }

                    continue;
                }

                Succeeded(context, _targets[i], activity, response: null);
                if (!any)
                {
                    yield break;
                }

                yield return stream.Current;

                while (true)
                {
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogStreamFailedAfterFirstChunk(
                            _logger,
                            Name,
                            _targets[i].Target.Name,
                            ProviderErrorClassifier.Classify(ex).Type);
                        throw AllFailed(context, activity, ex, total.Expired);
                    }

                    yield return stream.Current;
                }

                yield break;
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw AllFailed(context, activity, last, total.Expired);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The target clients are shared between routes and owned by the registry.
    }

    /// <summary>Finds the call's context, attaching a fresh one to a copy of the options when the caller gave none.</summary>
    private LlmCallContext Begin(ref ChatOptions? options)
    {
        if (!LlmCallContext.TryGet(options, out var context))
        {
            context = new LlmCallContext();
            options = options?.Clone() ?? new ChatOptions();
            context.AttachTo(options);
        }

        context.Route = IsRoute ? Name : null;
        return context;
    }

    private Activity? StartActivity()
    {
        var activity = LlmAspireMetrics.ActivitySource.StartActivity(IsRoute ? $"route {Name}" : $"target {Name}");
        activity?.SetTag("llmaspire.route", IsRoute ? Name : null);
        return activity;
    }

    private static ChatResponse Succeeded(
        LlmCallContext context,
        TargetChatClient target,
        Activity? activity,
        ChatResponse? response)
    {
        context.Provider = target.Target.Provider;
        context.Model = target.Target.Model;
        if (activity is not null)
        {
            activity.SetTag("gen_ai.provider.name", target.Target.Provider);
            activity.SetTag("gen_ai.request.model", target.Target.Model);
            activity.SetTag("llmaspire.attempts", context.Attempts.Count);
            AddAttemptEvents(activity, context);
        }

        return response!;
    }

    /// <returns>Whether the next target should be tried.</returns>
    /// <remarks>
    /// The exception itself is not logged: provider messages can quote partly masked keys or request content.
    /// </remarks>
    private bool ShouldFailOver(TargetChatClient target, Exception ex, int index)
    {
        var error = ProviderErrorClassifier.Classify(ex);

        // The provider rejected the request itself; another target would reject it too.
        if (error.IsCallerError)
        {
            return false;
        }

        if (index < _targets.Length - 1)
        {
            LlmAspireMetrics.Failovers.Add(1, LlmAspireMetrics.TargetTags(target.Target));
            LogFailingOver(_logger, Name, target.Target.Name, error.Type, _targets[index + 1].Target.Name);
        }

        return true;
    }

    private LlmRouteException AllFailed(LlmCallContext context, Activity? activity, Exception? last, bool timedOut)
    {
        LogAllTargetsFailed(_logger, Name, context.Attempts.Count, timedOut);
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, timedOut ? "total timeout" : "every target failed");
            activity.SetTag(
                "error.type",
                timedOut ? "timeout" : context.Attempts.LastOrDefault()?.Error?.Type ?? "unknown");
            AddAttemptEvents(activity, context);
        }

        return new LlmRouteException(Name, context.Attempts, last) { TimedOut = timedOut };
    }

    private static void AddAttemptEvents(Activity activity, LlmCallContext context)
    {
        foreach (var attempt in context.Attempts)
        {
            activity.AddEvent(new ActivityEvent("llmaspire.attempt", tags: new ActivityTagsCollection
            {
                ["llmaspire.target"] = attempt.Target,
                ["error.type"] = attempt.Error?.Type,
                ["llmaspire.retry_after_ms"] = attempt.Error?.RetryAfter?.TotalMilliseconds,
            }));
        }
    }

    [LoggerMessage(
        EventId = 1001,
        Level = LogLevel.Warning,
        Message = "Target {Target} of {Route} failed with {ErrorType}; failing over to {NextTarget}.")]
    private static partial void LogFailingOver(
        ILogger logger,
        string route,
        string target,
        string errorType,
        string nextTarget);

    [LoggerMessage(
        EventId = 1002,
        Level = LogLevel.Error,
        Message = "Every target of {Route} failed after {AttemptCount} attempts (total timeout reached: {TimedOut}).")]
    private static partial void LogAllTargetsFailed(ILogger logger, string route, int attemptCount, bool timedOut);

    [LoggerMessage(
        EventId = 1003,
        Level = LogLevel.Error,
        Message = "The stream from target {Target} of {Route} failed with {ErrorType} after its first chunk; the " +
            "caller gets an error, not a truncated answer.")]
    private static partial void LogStreamFailedAfterFirstChunk(
        ILogger logger,
        string route,
        string target,
        string errorType);
}
