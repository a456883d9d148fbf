using LlmAspire;
using LlmAspire.Caching.Internal;
using LlmAspire.Configuration;
using LlmAspire.Configuration.Internal;
using LlmAspire.Redis;
using LlmAspire.Resilience.Internal;
using LlmAspire.Costs;
using LlmAspire.Costs.Internal;
using LlmAspire.Routing;
using LlmAspire.Routing.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LlmAspire's providers, routes and pipeline in a service collection.</summary>
public static class LlmAspireServiceCollectionExtensions
{
    /// <summary>The route a caller gets when it asks for no service id: this name if configured, else the first route.</summary>
    public const string DefaultRouteName = "default";

    /// <summary>
    /// Registers the providers and routes of the <c>Llm</c> configuration section, validated when the host starts.
    /// </summary>
    /// <remarks>
    /// Registers <see cref="LlmCatalog"/>; <see cref="LlmUsageReports"/>; per route and per provider a keyed <see cref="IChatClient"/> and a keyed
    /// Semantic Kernel <see cref="IChatCompletionService"/> whose key is the name; and an unkeyed pair for the default
    /// route (<c>default</c>, else the first route, else the first provider). The Semantic Kernel services invoke
    /// kernel functions the model asks for; the <see cref="IChatClient"/>s return such calls to the caller.
    /// Route and provider names are read from <paramref name="configuration"/> now; their settings when the host starts.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>Llm</c> configuration section.</param>
    /// <returns>A builder for further LlmAspire registrations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static LlmAspireBuilder AddLlmAspire(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<LlmOptions>>(new LlmOptionsSetup(configuration));
        var routes = configuration.GetSection("Routes").GetChildren().Select(c => c.Key).ToList();
        var providers = configuration.GetSection("Providers").GetChildren().Select(c => c.Key).ToList();
        return AddCore(services, routes, providers);
    }

    /// <summary>Registers the providers and routes that <paramref name="configure"/> sets, validated when the host starts.</summary>
    /// <remarks>
    /// Registers the same services as <see cref="AddLlmAspire(IServiceCollection, IConfiguration)"/>.
    /// <paramref name="configure"/> runs once now to learn the route and provider names, and again when the options
    /// are built, so it must give the same names each time.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets providers and routes.</param>
    /// <returns>A builder for further LlmAspire registrations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static LlmAspireBuilder AddLlmAspire(this IServiceCollection services, Action<LlmOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        var probe = new LlmOptions();
        configure(probe);
        return AddCore(services, [.. probe.Routes.Keys], [.. probe.Providers.Keys]);
    }

    private static LlmAspireBuilder AddCore(IServiceCollection services, List<string> routes, List<string> providers)
    {
        services.AddOptions<LlmOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.AddLogging();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new LlmRedisConnection(
            sp.GetService<IConfiguration>(),
            sp.GetService<StackExchange.Redis.IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<LlmRedisConnection>>()));
        services.TryAddSingleton(sp => new MemoryRateLimitStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRateLimitStore>(sp =>
        {
            var redis = sp.GetRequiredService<LlmRedisConnection>();
            var memory = sp.GetRequiredService<MemoryRateLimitStore>();
            return redis.IsConfigured
                ? new RedisRateLimitStore(
                    redis,
                    memory,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<RedisRateLimitStore>>())
                : memory;
        });

        AddResponseCache(services);
        services.TryAddSingleton(sp => new LlmClientRegistry(
            sp.GetRequiredService<IOptions<LlmOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmCostOptionsValidator>());
        services.TryAddSingleton(CostServices.Create);
        services.TryAddSingleton(sp => sp.GetRequiredService<CostServices>().Reports);
        services.TryAddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<LlmClientRegistry>();
            return new LlmCatalog(registry.RouteNames, registry.RouteTargets, registry.Resolve);
        });

        foreach (var route in routes)
        {
            AddNamedClient(services, route, sp => sp.GetRequiredService<LlmClientRegistry>().Resolve(route)!);
        }

        foreach (var provider in providers)
        {
            AddNamedClient(services, provider, sp =>
            {
                var registry = sp.GetRequiredService<LlmClientRegistry>();
                return new ProviderChatClient(provider, registry.GetProviderOptions(provider)?.Model, registry);
            });
        }

        var defaultName = routes.Contains(DefaultRouteName, StringComparer.OrdinalIgnoreCase) ? DefaultRouteName
            : routes.FirstOrDefault() ?? providers.FirstOrDefault();
        if (defaultName is not null)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IChatClient>(defaultName));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IChatCompletionService>(defaultName));
        }

        return new LlmAspireBuilder(services);
    }

    /// <summary>
    /// Registers <see cref="HybridCache"/> and, as its second level, Redis from the connection string <c>cache</c>
    /// when one is set (resolved when the cache is first used); without it the cache lives in memory only.
    /// </summary>
    private static void AddResponseCache(IServiceCollection services)
    {
        services.AddHybridCache();
        services.AddOptions<HybridCacheOptions>().Configure<IOptions<LlmOptions>>((hybrid, llm) =>
            hybrid.MaximumPayloadBytes = Math.Max(hybrid.MaximumPayloadBytes, llm.Value.Cache.MaxEntryBytes + 1024L));

        // LIMITATION: an IDistributedCache the application registered first wins, so HybridCache uses it instead of
        // the connection string "cache"; accepted because an app that brings its own second level means it. A keyed
        // registration (HybridCacheOptions.DistributedCacheServiceKey) would remove the clash once we own HybridCache.
        // The factory returns null without a connection string, which leaves HybridCache in memory.
        services.TryAddSingleton<IDistributedCache>(sp => DistributedCacheFactory.Create(sp)!);
    }

    private static void AddNamedClient(
        IServiceCollection services,
        string name,
        Func<IServiceProvider, IChatClient> factory)
    {
        services.TryAddKeyedSingleton<IChatClient>(name, (sp, _) => factory(sp));
        services.TryAddKeyedSingleton<IChatCompletionService>(name, (sp, _) =>
            factory(sp).AsBuilder()
                .UseKernelFunctionInvocation(sp.GetService<ILoggerFactory>())
                .Build(sp)
                .AsChatCompletionService(sp));
    }
}
