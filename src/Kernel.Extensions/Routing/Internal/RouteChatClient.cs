using System.Runtime.CompilerServices;
using LlmAspire.Providers.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// Tries a route's targets in order until one answers. A stream fails over only until its first content reaches the
/// caller; after that a failure ends the stream with an <see cref="LlmRouteException"/>, never a quiet truncation.
/// </summary>
internal sealed partial class RouteChatClient : IChatClient
{
    private readonly TargetChatClient[] _targets;
    private readonly ILogger _logger;

    public RouteChatClient(string name, bool isRoute, IReadOnlyList<TargetChatClient> targets, ILogger logger)
    {
        Name = name;
        IsRoute = isRoute;
        _targets = [.. targets];
        _logger = logger;
    }

    /// <summary>Gets the route's name, or the target's name when the client serves one target directly.</summary>
    public string Name { get; }

    public bool IsRoute { get; }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var context = Begin(ref options);
        Exception? last = null;

        foreach (var target in _targets)
        {
            try
            {
                var response = await target.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                Succeeded(context, target);
                return response;
            }
            catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
            {
                last = ex;
                if (!Failed(context, target, ex))
                {
                    break;
                }
            }
        }

        throw AllFailed(context, last);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = Begin(ref options);
        Exception? last = null;

        foreach (var target in _targets)
        {
            var stream = target.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                // Updates the caller would not see as part of the answer (a role-only opening chunk, Anthropic's
                // opening usage, an empty opening text block) are held back, so a target that fails right after them can still be replaced.
                List<ChatResponseUpdate>? held = null;
                ChatResponseUpdate? first = null;
                var failed = false;
                while (first is null)
                {
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
                    {
                        last = ex;
                        failed = true;
                        break;
                    }

                    var update = stream.Current;
                    if (IsVisible(update))
                    {
                        first = update;
                    }
                    else
                    {
                        (held ??= []).Add(update);
                    }
                }

                if (failed)
                {
                    if (!Failed(context, target, last!))
                    {
                        break;
                    }

                    continue;
                }

                Succeeded(context, target);
                if (held is not null)
                {
                    foreach (var update in held)
                    {
                        yield return update;
                    }
                }

                if (first is null)
                {
                    yield break;
                }

                yield return first;

                while (true)
                {
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
                    {
                        context.ReplaceLastAttempt(new LlmAttempt(target.Target.Name, ProviderErrorClassifier.Classify(ex)));
                        LogStreamFailedAfterFirstChunk(_logger, Name, target.Target.Name, context.Attempts[^1].Error!.Type);
                        throw new LlmRouteException(Name, context.Attempts, ex);
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

        throw AllFailed(context, last);
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

    private static bool IsVisible(ChatResponseUpdate update)
    {
        if (update.FinishReason is not null)
        {
            return true;
        }

        foreach (var content in update.Contents)
        {
            if (content is not UsageContent && content is not TextContent { Text.Length: 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Finds or creates the call's context and strips it from the options that go to the providers.</summary>
    private LlmCallContext Begin(ref ChatOptions? options)
    {
        if (LlmCallContext.TryGet(options, out var context))
        {
            options = options!.Clone();
            options.AdditionalProperties!.Remove(LlmCallContext.OptionsKey);
        }
        else
        {
            context = new LlmCallContext();
        }

        context.Route = IsRoute ? Name : null;
        return context;
    }

    private static void Succeeded(LlmCallContext context, TargetChatClient target)
    {
        context.Provider = target.Target.Provider;
        context.Model = target.Target.Model;
        context.AddAttempt(new LlmAttempt(target.Target.Name, null));
    }

    /// <returns>Whether the next target should be tried.</returns>
    /// <remarks>
    /// The exception itself is not logged: provider messages can quote partly masked keys or request content.
    /// </remarks>
    private bool Failed(LlmCallContext context, TargetChatClient target, Exception ex)
    {
        var error = ProviderErrorClassifier.Classify(ex);
        context.AddAttempt(new LlmAttempt(target.Target.Name, error));

        // The provider rejected the request itself; another target would reject it too.
        var callerError = error.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.UnprocessableEntity;
        LogAttemptFailed(_logger, Name, target.Target.Name, error.Type);
        return !callerError;
    }

    private LlmRouteException AllFailed(LlmCallContext context, Exception? last)
    {
        LogAllTargetsFailed(_logger, Name, context.Attempts.Count);
        return new LlmRouteException(Name, context.Attempts, last);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Target {Target} of {Route} failed with {ErrorType}.")]
    private static partial void LogAttemptFailed(ILogger logger, string route, string target, string errorType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Every target of {Route} failed after {AttemptCount} attempts.")]
    private static partial void LogAllTargetsFailed(ILogger logger, string route, int attemptCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "The stream from target {Target} of {Route} failed with {ErrorType} after its first chunk; the caller gets an error, not a truncated answer.")]
    private static partial void LogStreamFailedAfterFirstChunk(ILogger logger, string route, string target, string errorType);
}
