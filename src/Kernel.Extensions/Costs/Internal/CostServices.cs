using LlmAspire.Configuration;
using LlmAspire.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The cost meter, budget guard and report reader of one service provider, on Redis when an
/// <see cref="IConnectionMultiplexer"/> is registered or <c>ConnectionStrings:cache</c> is set, else in memory.
/// </summary>
internal sealed class CostServices
{
    private CostServices(
        LlmOptions options,
        IConnectionMultiplexer? redis,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("LlmAspire.Costs");
        IUsageLedger ledger = redis is null ? new MemoryUsageLedger() : new RedisUsageLedger(redis);
        IBudgetStore store = redis is null ? new MemoryBudgetStore() : new RedisBudgetStore(redis);
        Meter = new CostMeter(options, ledger, logger);
        Budget = new BudgetGuard(options, store, timeProvider, logger);
        Reports = new LlmUsageReports(ledger, Budget);
        UsesRedis = redis is not null;
    }

    public CostMeter Meter { get; }

    public BudgetGuard Budget { get; }

    public LlmUsageReports Reports { get; }

    public bool UsesRedis { get; }

    public static CostServices Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

        // The connection is shared with the rate limiter and owned by LlmRedisConnection.
        var redis = services.GetService<LlmRedisConnection>()?.Multiplexer
            ?? services.GetService<IConnectionMultiplexer>();
        return new CostServices(options, redis, timeProvider, loggerFactory);
    }
}
