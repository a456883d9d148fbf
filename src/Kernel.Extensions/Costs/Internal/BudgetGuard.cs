using LlmAspire.Configuration;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The budgets that apply to a call (global and its tenant's, daily and monthly) and the reserve, settle and alert
/// steps on the shared <see cref="IBudgetStore"/>. Thread-safe; one per service provider.
/// </summary>
internal sealed class BudgetGuard
{
    public const string GlobalScope = "global";

    private readonly LlmOptions _options;
    private readonly IBudgetStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public BudgetGuard(LlmOptions options, IBudgetStore store, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public LlmBudgetOptions Options => _options.Budget;

    public TimeProvider TimeProvider => _timeProvider;

    public static string TenantScope(string tenant) => "tenant:" + tenant;

    /// <summary>The limits that apply now to a call of <paramref name="tenant"/>; empty when none are configured.</summary>
    public List<BudgetLimit> LimitsFor(string? tenant, bool tenantOnly = false)
    {
        var now = _timeProvider.GetUtcNow();
        var limits = new List<BudgetLimit>(4);
        if (!tenantOnly)
        {
            Add(limits, GlobalScope, _options.Budget.DailyUsd, _options.Budget.MonthlyUsd, now);
        }

        if (tenant is not null && _options.Tenants.TryGetValue(tenant, out var options))
        {
            Add(limits, TenantScope(tenant), options.DailyUsd, options.MonthlyUsd, now);
        }

        return limits;
    }

    /// <returns>The limit that would be passed, or <see langword="null"/> when the amount is reserved on all.</returns>
    public async Task<BudgetLimit?> TryReserveAsync(
        List<BudgetLimit> limits,
        long picodollars,
        CancellationToken cancellationToken)
    {
        var failed = await _store.TryReserveAsync(limits, picodollars, cancellationToken).ConfigureAwait(false);
        return failed < 0 ? null : limits[failed];
    }

    /// <summary>Settles a reservation to the actual cost, then raises any alert the new spend calls for.</summary>
    /// <remarks>Runs even when the caller has gone: an unsettled reservation would hold budget until the period ends.</remarks>
    /// <remarks>
    /// A store failure is logged, not thrown: the call itself succeeded and its caller should get the answer. The
    /// reservation then stays held until the period's keys expire.
    /// </remarks>
    public async Task SettleAsync(List<BudgetLimit> limits, long reserved, long actual)
    {
        long[] spentAfter;
        try
        {
            spentAfter = await _store.SettleAsync(limits, reserved, actual, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogBudgetSettleFailed(ex.GetType().Name, Picodollars.ToUsd(actual));
            return;
        }

        for (var i = 0; i < limits.Count; i++)
        {
            var limit = limits[i];
            var spentUsd = Picodollars.ToUsd(spentAfter[i]);
            if (limit.LimitUsd > 0 && spentUsd >= limit.LimitUsd * _options.Budget.AlertThreshold
                && await _store.TryMarkAlertedAsync(limit, CancellationToken.None).ConfigureAwait(false))
            {
                CostMetrics.BudgetAlerts.Add(1,
                    new KeyValuePair<string, object?>("llmaspire.budget.scope", limit.Scope),
                    new KeyValuePair<string, object?>("llmaspire.budget.period", BudgetPeriods.Name(limit.Period)));
                _logger.LogBudgetAlert(
                    limit.Scope,
                    BudgetPeriods.Name(limit.Period),
                    spentUsd,
                    limit.LimitUsd,
                    _options.Budget.AlertThreshold);
            }
        }
    }

    /// <returns>The first limit already used up by spend and reservations, or <see langword="null"/>.</returns>
    public async Task<BudgetLimit?> FirstExhaustedAsync(List<BudgetLimit> limits, CancellationToken cancellationToken)
    {
        foreach (var limit in limits)
        {
            var (spent, reserved) = await _store.ReadAsync(limit, cancellationToken).ConfigureAwait(false);
            if (spent + reserved >= Picodollars.From(limit.LimitUsd))
            {
                return limit;
            }
        }

        return null;
    }

    public LlmBudgetExceededException Exceeded(BudgetLimit limit) =>
        new(
            limit.Scope,
            limit.Period,
            limit.LimitUsd,
            BudgetPeriods.End(limit.Period, _timeProvider.GetUtcNow()) - _timeProvider.GetUtcNow());

    /// <summary>The state of every configured budget now, or of one tenant's only.</summary>
    public async Task<IReadOnlyList<LlmBudgetStatus>> GetStatusesAsync(
        string? tenant,
        CancellationToken cancellationToken)
    {
        var limits = tenant is not null ? LimitsFor(tenant, tenantOnly: true)
            : [.. LimitsFor(null), .. _options.Tenants.Keys.SelectMany(t => LimitsFor(t, tenantOnly: true))];

        var statuses = new List<LlmBudgetStatus>(limits.Count);
        foreach (var limit in limits)
        {
            var (spent, reserved) = await _store.ReadAsync(limit, cancellationToken).ConfigureAwait(false);
            var spentUsd = Picodollars.ToUsd(spent);
            var reservedUsd = Picodollars.ToUsd(reserved);
            statuses.Add(new LlmBudgetStatus(limit.Scope, limit.Period, limit.LimitUsd, spentUsd, reservedUsd,
                Math.Max(0m, limit.LimitUsd - spentUsd - reservedUsd)));
        }

        return statuses;
    }

    private static void Add(
        List<BudgetLimit> limits,
        string scope,
        decimal? daily,
        decimal? monthly,
        DateTimeOffset now)
    {
        if (daily is { } d)
        {
            limits.Add(new BudgetLimit(scope, LlmBudgetPeriod.Daily, BudgetPeriods.DayKey(now), d));
        }

        if (monthly is { } m)
        {
            limits.Add(new BudgetLimit(scope, LlmBudgetPeriod.Monthly, BudgetPeriods.MonthKey(now), m));
        }
    }
}
