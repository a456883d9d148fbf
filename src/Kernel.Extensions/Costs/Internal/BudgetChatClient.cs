using System.Runtime.CompilerServices;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The budget guard on a route: before a call, reserves its worst-case cost (estimated input tokens at the full input
/// rate plus the output allowance at the output rate, for the dearest of the route's targets) on every budget that
/// applies, atomically; after, settles to the actual cost, or releases the reservation if the call failed. A call
/// that does not fit is refused with <see cref="LlmBudgetExceededException"/> or sent to the downgrade route.
/// </summary>
internal sealed class BudgetChatClient : DelegatingChatClient
{
    private readonly string _route;
    private readonly IReadOnlyList<LlmTarget> _targets;
    private readonly BudgetGuard _guard;
    private readonly CostMeter _meter;
    private readonly Func<string, IChatClient?> _resolve;
    private readonly ILogger _logger;

    public BudgetChatClient(
        IChatClient innerClient,
        string route,
        IReadOnlyList<LlmTarget> targets,
        BudgetGuard guard,
        CostMeter meter,
        Func<string, IChatClient?> resolve,
        ILogger logger)
        : base(innerClient)
    {
        _route = route;
        _targets = targets;
        _guard = guard;
        _meter = meter;
        _resolve = resolve;
        _logger = logger;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        LlmCallContext.TryGet(options, out var context);
        var limits = _guard.LimitsFor(context?.Tenant);
        if (limits.Count == 0)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var reserved = Picodollars.Ceiling(WorstCase(messages, options));
        if (await _guard.TryReserveAsync(limits, reserved, cancellationToken).ConfigureAwait(false) is { } exceeded)
        {
            return await Downgrade(exceeded, reserved).GetResponseAsync(messages, options, cancellationToken)
                .ConfigureAwait(false);
        }

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _guard.SettleAsync(limits, reserved, 0).ConfigureAwait(false);
            throw;
        }

        await _guard.SettleAsync(limits, reserved, Actual(context, response.Usage, response.ModelId))
            .ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LlmCallContext.TryGet(options, out var context);
        var limits = _guard.LimitsFor(context?.Tenant);
        IAsyncEnumerable<ChatResponseUpdate> source;
        long reserved = 0;
        if (limits.Count == 0)
        {
            source = base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }
        else
        {
            reserved = Picodollars.Ceiling(WorstCase(messages, options));
            if (await _guard.TryReserveAsync(limits, reserved, cancellationToken).ConfigureAwait(false) is { } exceeded)
            {
                limits.Clear();
                source = Downgrade(exceeded, reserved).GetStreamingResponseAsync(messages, options, cancellationToken);
            }
            else
            {
                source = base.GetStreamingResponseAsync(messages, options, cancellationToken);
            }
        }

        var stream = source.GetAsyncEnumerator(cancellationToken);
        UsageDetails? usage = null;
        string? modelId = null;
        var yielded = false;
        var completed = false;
        try
        {
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch when (!yielded)
                {
                    // Nothing reached the caller, so nothing was generated that the provider could bill.
                    completed = true;
                    throw;
                }

                StreamUsage.Accumulate(ref usage, stream.Current);
                modelId ??= stream.Current.ModelId;
                yielded = true;
                yield return stream.Current;
            }

            completed = true;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (limits.Count > 0)
            {
                // A stream that broke or was abandoned mid-way has no usage to settle to: keep the worst case as spend.
                var actual = !completed ? reserved : yielded ? Actual(context, usage, modelId) : 0;
                await _guard.SettleAsync(limits, reserved, actual).ConfigureAwait(false);
            }
        }
    }

    private decimal WorstCase(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var maxOutput = options?.MaxOutputTokens ?? _guard.Options.DefaultMaxOutputTokens;
        var worst = 0m;
        foreach (var target in _targets)
        {
            // LIMITATION: an unpriced target reserves nothing, so budgets cannot bound its spend; it is reported as
            // unpriced instead. Pricing the model (Llm:Pricing) removes this.
            if (_meter.FindPrice(target.Provider, target.Model) is { } price)
            {
                var input = InputTokenEstimator.Estimate(target.Model, messages, options);
                worst = Math.Max(worst, CostCalculator.WorstCase(price, input, maxOutput));
            }
        }

        return worst;
    }

    private long Actual(LlmCallContext? context, UsageDetails? usage, string? responseModel)
    {
        // No attempt means the response cache answered: the call cost nothing.
        if (context?.Provider is null || context.Model is null || context.Attempts.Count == 0)
        {
            return 0;
        }

        return Picodollars.From(_meter.Quote(
            context.Provider,
            context.Model,
            responseModel,
            UsageTokens.From(usage)).CostUsd);
    }

    private IChatClient Downgrade(BudgetLimit exceeded, long reserved)
    {
        var options = _guard.Options;
        var period = BudgetPeriods.Name(exceeded.Period);
        if (options.OnExceeded == LlmBudgetAction.Downgrade
            && options.DowngradeRoute is { } downgrade
            && !string.Equals(downgrade, _route, StringComparison.OrdinalIgnoreCase)
            && _resolve(downgrade) is { } client)
        {
            CostMetrics.BudgetDowngrades.Add(1, new KeyValuePair<string, object?>("llmaspire.route", _route));
            _logger.LogBudgetDowngraded(_route, period, exceeded.Scope, downgrade);
            return client;
        }

        CostMetrics.BudgetRejections.Add(1,
            new KeyValuePair<string, object?>("llmaspire.route", _route),
            new KeyValuePair<string, object?>("llmaspire.budget.scope", exceeded.Scope),
            new KeyValuePair<string, object?>("llmaspire.budget.period", period));
        _logger.LogBudgetRejected(_route, Picodollars.ToUsd(reserved), period, exceeded.Scope, exceeded.LimitUsd);
        throw _guard.Exceeded(exceeded);
    }
}
