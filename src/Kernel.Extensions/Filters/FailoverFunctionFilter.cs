using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using LlmAspire.Providers.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Polly;
using Polly.Retry;

namespace LlmAspire.Filters;

/// <summary>
/// Gives kernel functions that run on any Semantic Kernel chat completion service (SK's own OpenAI connector, say)
/// LlmAspire's retry and failover: a transient failure is retried with exponential backoff, then the function runs
/// again on the next service id of <see cref="FailoverFilterOptions.ServiceIds"/>. A streaming function fails over only
/// until its first chunk; after that the failure reaches the caller.
/// </summary>
/// <remarks>
/// A failure whose status is 400 or 422 is the request's fault and reaches the caller at once. The filter is
/// thread-safe and may be shared by kernels. Nothing about the function's arguments or output is logged.
/// </remarks>
public sealed partial class FailoverFunctionFilter : IFunctionInvocationFilter
{
    private static readonly MethodInfo WrapStreamMethod =
        typeof(FailoverFunctionFilter).GetMethod(nameof(WrapStream), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly string[] _serviceIds;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="FailoverFunctionFilter"/> class.</summary>
    /// <param name="options">The service ids and retry settings.</param>
    /// <param name="timeProvider">The clock for backoff delays; the system clock by default.</param>
    /// <param name="logger">Receives retry and failover warnings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No service id is given, or a retry setting is out of range.</exception>
    public FailoverFunctionFilter(
        FailoverFilterOptions options,
        TimeProvider? timeProvider = null,
        ILogger<FailoverFunctionFilter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServiceIds.Count == 0)
        {
            throw new ArgumentException(
                "FailoverFilterOptions.ServiceIds is empty. List the chat completion service ids to try, in order.",
                nameof(options));
        }

        if (options.MaxRetryAttempts is < 0 or > 20
            || options.BaseDelay <= TimeSpan.Zero
            || options.MaxDelay < options.BaseDelay)
        {
            throw new ArgumentException(
                $"FailoverFilterOptions has MaxRetryAttempts {options.MaxRetryAttempts}, BaseDelay " +
                $"{options.BaseDelay} and MaxDelay {options.MaxDelay}; use 0 to 20 retries and 0 < BaseDelay <= " +
                "MaxDelay.",
                nameof(options));
        }

        _serviceIds = [.. options.ServiceIds];
        _logger = logger ?? NullLogger<FailoverFunctionFilter>.Instance;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && ProviderErrorClassifier.Classify(ex).IsTransient),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex ? ProviderErrorClassifier.Classify(ex).RetryAfter : null),
                OnRetry = args =>
                {
                    LogRetrying(_logger, args.RetryDelay, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retry = builder.Build();
    }

    /// <inheritdoc/>
    public async Task OnFunctionInvocationAsync(
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        if (context.IsStreaming)
        {
            // Running the rest of the pipeline only creates the stream; the calls happen when it is read, so the
            // retries and failover move into a wrapper stream of the same element type.
            UseService(context, _serviceIds[0]);
            await next(context).ConfigureAwait(false);
            var stream = context.Result.GetValue<object>();
            var elementType = stream?.GetType().GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))?
                .GetGenericArguments()[0];
            if (elementType is not null)
            {
                var wrapped = WrapStreamMethod.MakeGenericMethod(elementType).Invoke(
                    this,
                    [context, next, stream, CancellationToken.None]);
                context.Result = new FunctionResult(context.Result, wrapped);
            }

            return;
        }

        ExceptionDispatchInfo? last = null;
        foreach (var serviceId in _serviceIds)
        {
            UseService(context, serviceId);
            try
            {
                await _retry.ExecuteAsync(
                    async _ => await next(context).ConfigureAwait(false),
                    context.CancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ShouldFailOver(ex, context.CancellationToken))
            {
                last = ExceptionDispatchInfo.Capture(ex);
                LogFailingOver(_logger, context.Function.Name, serviceId, ProviderErrorClassifier.Classify(ex).Type);
            }
        }

        last!.Throw();
    }

    private async IAsyncEnumerable<T> WrapStream<T>(
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, Task> next,
        IAsyncEnumerable<T>? firstStream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<T>? stream = null;
        var any = false;
        ExceptionDispatchInfo? last = null;

        for (var i = 0; i < _serviceIds.Length && stream is null; i++)
        {
            var serviceId = _serviceIds[i];
            try
            {
                (stream, any) = await _retry.ExecuteAsync(
                    async token =>
                    {
                        // The stream the pipeline already made serves the first try on the first service; every
                        // other try runs the pipeline again on the service it is for.
                        var source = firstStream;
                        firstStream = null;
                        if (source is null)
                        {
                            UseService(context, serviceId);
                            await next(context).ConfigureAwait(false);
                            source = context.Result.GetValue<IAsyncEnumerable<T>>()!;
                        }

                        return await OpenAsync(source, token).ConfigureAwait(false);
                    },
                    context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ShouldFailOver(ex, context.CancellationToken))
            {
                last = ExceptionDispatchInfo.Capture(ex);
                LogFailingOver(_logger, context.Function.Name, serviceId, ProviderErrorClassifier.Classify(ex).Type);
            }
        }

        if (stream is null)
        {
            last!.Throw();
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            while (any)
            {
                yield return stream.Current;
                any = await stream.MoveNextAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(IAsyncEnumerator<T> Stream, bool Any)> OpenAsync<T>(
        IAsyncEnumerable<T> source,
        CancellationToken cancellationToken)
    {
        var stream = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            return (stream, await stream.MoveNextAsync().ConfigureAwait(false));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void UseService(FunctionInvocationContext context, string serviceId)
    {
        var current = context.Arguments.ExecutionSettings?.Values.FirstOrDefault();
        var settings = current is null ? new PromptExecutionSettings() : current.Clone();
        settings.ServiceId = serviceId;
        context.Arguments.ExecutionSettings =
            new Dictionary<string, PromptExecutionSettings> { [serviceId] = settings };
    }

    private static bool ShouldFailOver(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && !ProviderErrorClassifier.Classify(ex).IsCallerError;

    [LoggerMessage(
        EventId = 1301,
        Level = LogLevel.Warning,
        Message = "Retrying a kernel function after a transient failure in {Delay} (attempt {Attempt}).")]
    private static partial void LogRetrying(ILogger logger, TimeSpan delay, int attempt);

    [LoggerMessage(
        EventId = 1302,
        Level = LogLevel.Warning,
        Message = "Kernel function {Function} failed on service {ServiceId} with {ErrorType}; trying the next " +
            "service.")]
    private static partial void LogFailingOver(ILogger logger, string function, string serviceId, string errorType);
}
