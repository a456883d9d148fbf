using System.Collections.Concurrent;
using LlmAspire.Configuration;
using LlmAspire.Costs.Internal;
using LlmAspire.Providers.Internal;
using LlmAspire.Resilience.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// Builds and owns every client: one SDK client and connection pool per provider, one pipeline per target, one
/// failover client per route. Everything is built on first use and shared.
/// </summary>
internal sealed class LlmClientRegistry : IDisposable
{
    // Callers may name any model of a configured provider; past this many distinct names, clients for new names are
    // built per call instead of cached, so arbitrary model names cannot grow memory without bound.
    private const int MaxCachedTargets = 512;

    private readonly LlmOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _routeLogger;
    private readonly ILogger _costLogger;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, ProviderEntry> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TargetChatClient> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IChatClient> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceProvider? _services;

    public LlmClientRegistry(
        IOptions<LlmOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        _services = services;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _routeLogger = _loggerFactory.CreateLogger("LlmAspire.Routing");
        _costLogger = _loggerFactory.CreateLogger("LlmAspire.Costs");

        foreach (var (name, provider) in _options.Providers)
        {
            var http = CreateHttpClient(_timeProvider);
            _providers[name] = new ProviderEntry(
                name,
                provider,
                http,
                ProviderClientFactory.Create(provider, http),
                CreateRateLimiter(name, provider));
        }

        RouteNames = [.. _options.Routes.Keys];
        RouteTargets = [.. _options.Routes.Values.SelectMany(r => r.Targets).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(t => LlmTarget.TryParse(t, out var target) ? target : null).OfType<LlmTarget>()];
    }

    public IReadOnlyList<string> RouteNames { get; }

    public IReadOnlyList<LlmTarget> RouteTargets { get; }

    public IEnumerable<string> ProviderNames => _providers.Keys;

    public LlmProviderOptions? GetProviderOptions(string name) =>
        _providers.TryGetValue(name, out var entry) ? entry.Options : null;

    /// <summary>Resolves a route name or a <c>provider/model</c> target to its client, or <see langword="null"/>.</summary>
    public IChatClient? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        if (_routes.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (_options.Routes.TryGetValue(name, out var route))
        {
            var targets = route.Targets.Select(
                t => GetTarget(LlmTarget.TryParse(t, out var parsed) ? parsed : throw InvalidTarget(t)));
            return _routes.GetOrAdd(
                name,
                n => WrapRoute(new RouteChatClient(
                    n,
                    isRoute: true,
                    [.. targets],
                    _options.Resilience,
                    _timeProvider,
                    _routeLogger)));
        }

        if (!LlmTarget.TryParse(name, out var target) || !_providers.ContainsKey(target.Provider))
        {
            return null;
        }

        var direct = WrapRoute(new RouteChatClient(
            target.Name,
            isRoute: false,
            [GetTarget(target)],
            _options.Resilience,
            _timeProvider,
            _routeLogger));
        return _routes.Count < MaxCachedTargets ? _routes.GetOrAdd(name, direct) : direct;
    }

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider.HttpClient.Dispose();
        }
    }

    /// <summary>
    /// Adds the stages that act once per logical call, whichever target answers, outermost first: usage scope,
    /// budget guard, response cache. Each sees the route (or direct target) name through <see cref="RouteChatClient.Name"/>.
    /// </summary>
    private IChatClient WrapRoute(RouteChatClient route)
    {
        var builder = new ChatClientBuilder(route);
        if (_services?.GetService<CostServices>() is { } costs)
        {
            builder.Use(inner => new UsageChatClient(inner, route.Name, route.IsRoute, costs.Meter, _timeProvider));
            builder.Use(inner => new BudgetChatClient(
                inner,
                route.Name,
                route.Targets,
                costs.Budget,
                costs.Meter,
                Resolve,
                _costLogger));
        }

        // The response cache sits innermost of the route-level stages: the budget guard above it sees a hit as free.
        if (_services is not null && CacheTtl(route) is { } ttl)
        {
            builder.Use((inner, services) => ResponseCachingChatClientBuilderExtensions.Create(
                inner, services, cache: null, route.Name, route.IsRoute ? route.Name : null, _options.Cache, ttl));
        }

        return builder.Build(_services);
    }

    /// <summary>The time to live of the route's cached answers, or <see langword="null"/> when it does not cache.</summary>
    private TimeSpan? CacheTtl(RouteChatClient route)
    {
        var routeCache = route.IsRoute && _options.Routes.TryGetValue(route.Name, out var options)
            ? options.Cache
            : null;
        var enabled = routeCache?.Enabled ?? _options.Cache.Enabled;
        return enabled ? routeCache?.Ttl ?? _options.Cache.Ttl : null;
    }

    private TargetChatClient GetTarget(LlmTarget target)
    {
        if (_targets.TryGetValue(target.Name, out var cached))
        {
            return cached;
        }

        var created = BuildTarget(target);
        return _targets.Count < MaxCachedTargets ? _targets.GetOrAdd(target.Name, created) : created;
    }

    private TargetChatClient BuildTarget(LlmTarget target)
    {
        var provider = _providers[target.Provider];
        return BuildTarget(
            provider.CreateClient(target.Model),
            new LlmTarget(provider.Name, target.Model),
            provider.Options.Resilience ?? _options.Resilience,
            _timeProvider,
            _loggerFactory,
            _options.EnableSensitiveData,
            provider.RateLimiter);
    }

    private ProviderRateLimiter? CreateRateLimiter(string name, LlmProviderOptions provider)
    {
        if (provider.RequestsPerMinute is null && provider.TokensPerMinute is null)
        {
            return null;
        }

        var store = _services?.GetService<IRateLimitStore>() ?? new MemoryRateLimitStore(_timeProvider);
        return new ProviderRateLimiter(
            name,
            provider.RequestsPerMinute,
            provider.TokensPerMinute,
            (provider.Resilience ?? _options.Resilience).MaxRateLimitWait,
            store,
            _timeProvider,
            _loggerFactory.CreateLogger("LlmAspire.RateLimiting"));
    }

    /// <summary>Wraps a provider's SDK client in the per-target stages, outermost first.</summary>
    internal static TargetChatClient BuildTarget(
        IChatClient sdkClient,
        LlmTarget target,
        LlmResilienceOptions resilience,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        bool enableSensitiveData,
        ProviderRateLimiter? rateLimiter = null)
    {
        var pipeline = new ChatClientBuilder(sdkClient)
            .UseOpenTelemetry(
                loggerFactory,
                configure: telemetry => telemetry.EnableSensitiveData = enableSensitiveData)
            .Use(inner => new StreamCompletionGuardChatClient(inner))
            .Use(inner => new ProviderErrorChatClient(inner))
            .Build();

        return new TargetChatClient(
            pipeline,
            target,
            resilience,
            timeProvider,
            loggerFactory.CreateLogger("LlmAspire.Resilience"),
            rateLimiter);
    }

    private static HttpClient CreateHttpClient(TimeProvider timeProvider) =>
        new(new ProviderResponseCaptureHandler(timeProvider)
        {
            InnerHandler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                EnableMultipleHttp2Connections = true,
            },
        })
        {
            // Attempt and total timeouts belong to the pipeline; HttpClient's 100 s default would cut long generations.
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static InvalidOperationException InvalidTarget(string value) =>
        new($"The route target '{value}' is not of the form provider/model; options validation should have caught " +
            "this.");

    private sealed record ProviderEntry(
        string Name,
        LlmProviderOptions Options,
        HttpClient HttpClient,
        Func<string, IChatClient> CreateClient,
        ProviderRateLimiter? RateLimiter);
}
