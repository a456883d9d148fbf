using LlmAspire.Configuration;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlmAspire.Caching.Internal;

/// <summary>Builds the response cache's Redis level from the connection string <c>cache</c>, if there is one.</summary>
internal static class DistributedCacheFactory
{
    public const string ConnectionStringName = "cache";

    /// <summary>Returns the Redis level, or <see langword="null"/> (memory only) when no connection string is set.</summary>
    /// <remarks>
    /// The <see cref="RedisCache"/> is built here rather than through <c>AddStackExchangeRedisCache</c> so it can be
    /// wrapped in <see cref="ResilientDistributedCache"/> and given fail-fast settings: with Redis down, commands fail
    /// at once instead of queueing, and no operation waits longer than <see cref="LlmCacheOptions.DistributedTimeout"/>.
    /// </remarks>
    public static IDistributedCache? Create(IServiceProvider services)
    {
        var connectionString = services.GetService<IConfiguration>()?.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value.Cache;
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var timeout = (int)Math.Ceiling(options.DistributedTimeout.TotalMilliseconds);
        configuration.ConnectTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.SyncTimeout = timeout;

        var redis = new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = configuration }));
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return new ResilientDistributedCache(
            redis,
            options.DistributedRetryAfter,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            loggerFactory.CreateLogger("LlmAspire.Caching"));
    }
}
