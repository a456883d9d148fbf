using LlmAspire.Configuration;
using LlmAspire.Providers;
using LlmAspire.Resilience.Internal;
using LlmAspire.Telemetry.Internal;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// One target (provider and model) with its resilience: retry with backoff and <c>Retry-After</c>, a circuit breaker,
/// attempt timeouts and, for streams, first-chunk and idle timeouts. Records every attempt in the call's
/// <see cref="LlmCallContext"/> and pins the target's model on the options it passes down.
/// </summary>
/// <remarks>
/// Retry and circuit breaking are Polly's. Timeouts are cancellation sources on the injected
/// <see cref="TimeProvider"/> rather than Polly's timeout strategy, because a stream outlives the Polly callback
/// that opened it and Polly recycles the cancellation sources it hands to callbacks.
/// </remarks>
internal sealed partial class TargetChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly LlmResilienceOptions _resilience;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TagList _tags;
    private readonly ProviderRateLimiter? _rateLimiter;

    public TargetChatClient(
        IChatClient innerClient,
        LlmTarget target,
        LlmResilienceOptions resilience,
        TimeProvider timeProvider,
        ILogger logger,
        ProviderRateLimiter? rateLimiter = null)
        : base(innerClient)
    {
        Target = target;
        _rateLimiter = rateLimiter;
        _resilience = resilience;
        _timeProvider = timeProvider;
        _logger = logger;
        _tags = LlmAspireMetrics.TargetTags(target);
        _pipeline = BuildPipeline();
    }

    public LlmTarget Target { get; }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (context, innerOptions) = Prepare(options);

        try
        {
            return await _pipeline.ExecuteAsync(
                async (state, token) =>
                {
                    // Waiting for rate-limit room does not count against the attempt's own timeout.
                    long charged;
                    try
                    {
                        charged = await AcquireRateLimitAsync(state.messages, state.innerOptions, token)
                            .ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        throw RecordFailure(state.context, ex);
                    }

                    using var timeout = new AttemptTimeout(_timeProvider, token, _resilience.AttemptTimeout);
                    try
                    {
                        var response = await InnerClient.GetResponseAsync(
                            state.messages,
                            state.innerOptions,
                            timeout.Token).ConfigureAwait(false);
                        state.context.AddAttempt(new LlmAttempt(Target.Name, null));
                        await SettleRateLimitAsync(charged, response.Usage).ConfigureAwait(false);
                        return response;
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        throw RecordFailure(
                            state.context,
                            timeout.Translate(ex, "AttemptTimeout", _resilience.AttemptTimeout));
                    }
                },
                (messages, innerOptions, context),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw RecordFailure(context, CircuitOpen(ex));
        }
    }

    private (LlmCallContext Context, ChatOptions Options) Prepare(ChatOptions? options)
    {
        LlmCallContext.TryGet(options, out var context);
        context ??= new LlmCallContext();

        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = Target.Model;
        copy.AdditionalProperties?.Remove(LlmCallContext.OptionsKey);
        return (context, copy);
    }

    private ValueTask<long> AcquireRateLimitAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions options,
        CancellationToken cancellationToken) =>
        _rateLimiter is null
            ? ValueTask.FromResult(0L)
            : _rateLimiter.AcquireAsync(
                ProviderRateLimiter.EstimateTokens(messages, options),
                _tags,
                cancellationToken);

    private ValueTask SettleRateLimitAsync(long charged, UsageDetails? usage) =>
        _rateLimiter is null ? ValueTask.CompletedTask : _rateLimiter.SettleAsync(charged, usage);

    private LlmProviderException RecordFailure(LlmCallContext context, Exception ex)
    {
        var failure = AsProviderException(ex);
        context.AddAttempt(new LlmAttempt(Target.Name, failure.Error));
        return failure;
    }

    private LlmProviderException CircuitOpen(BrokenCircuitException ex)
    {
        LlmAspireMetrics.CircuitRejections.Add(1, _tags);
        LogCircuitOpen(_logger, Target.Name);
        return new LlmProviderException(new LlmError("circuit_open", null, IsTransient: true,
            $"The circuit for {Target.Name} is open after repeated failures; the target is skipped until a probe " +
            "succeeds.")
        {
            RetryAfter = ex.RetryAfter,
        });
    }

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };

        if (_resilience.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _resilience.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _resilience.BaseDelay,
                MaxDelay = _resilience.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is LlmProviderException { Error.RetryAfter: { } retryAfter }
                        ? retryAfter
                        : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var error = (args.Outcome.Exception as LlmProviderException)?.Error;
                    LlmAspireMetrics.Retries.Add(1, _tags);
                    LogRetrying(
                        _logger,
                        Target.Name,
                        error?.Type ?? "unknown",
                        args.RetryDelay,
                        args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = _resilience.CircuitFailureRatio,
            MinimumThroughput = _resilience.CircuitMinimumThroughput,
            SamplingDuration = _resilience.CircuitSamplingDuration,
            BreakDuration = _resilience.CircuitBreakDuration,
            // Our own rate limiter saying no is not the target failing.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception
                    is LlmProviderException { Error: { IsTransient: true, Type: not "rate_limited" } }),
            OnOpened = args =>
            {
                LlmAspireMetrics.CircuitOpened.Add(1, _tags);
                LogCircuitOpened(_logger, Target.Name, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(_logger, Target.Name);
                return ValueTask.CompletedTask;
            },
        });

        return builder.Build();
    }

    /// <summary>
    /// Transient failures are retried on this target, except when the provider asked for a wait longer than
    /// <see cref="LlmResilienceOptions.MaxDelay"/>: then the route moves on rather than sleep.
    /// </summary>
    private bool IsRetryable(Exception? exception) =>
        exception is LlmProviderException { Error: { IsTransient: true } error }
        && error.Type is not ("circuit_open" or "rate_limited")
        && !(error.RetryAfter > _resilience.MaxDelay);

    [LoggerMessage(
        EventId = 1101,
        Level = LogLevel.Warning,
        Message = "Retrying target {Target} after {ErrorType} in {Delay} (attempt {Attempt}).")]
    private static partial void LogRetrying(
        ILogger logger,
        string target,
        string errorType,
        TimeSpan delay,
        int attempt);

    [LoggerMessage(
        EventId = 1102,
        Level = LogLevel.Warning,
        Message = "Circuit for target {Target} opened for {BreakDuration} after repeated failures.")]
    private static partial void LogCircuitOpened(ILogger logger, string target, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Circuit for target {Target} closed again.")]
    private static partial void LogCircuitClosed(ILogger logger, string target);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Skipped target {Target}: its circuit is open.")]
    private static partial void LogCircuitOpen(ILogger logger, string target);
}
