using LlmAspire.Caching;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.AI;

/// <summary>Adds LlmAspire's response cache to a chat client pipeline.</summary>
public static class ResponseCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a stage that answers identical requests from <see cref="HybridCache"/>, with one upstream call for a burst
    /// of identical concurrent requests and streams stored whole and replayed as streams. See
    /// <see cref="LlmCacheOptions"/> for what is and is not cached.
    /// </summary>
    /// <remarks>
    /// Routes and targets configured under <c>Llm</c> already have this stage; use this method for pipelines built by
    /// hand. Nothing about a request's content is logged; hits, bypasses and answers not stored are logged at Debug.
    /// The stage is safe for concurrent use.
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="scope">
    /// The name that separates this pipeline's entries from other pipelines' (a route or model name); it is part of
    /// every key.
    /// </param>
    /// <param name="cache">The cache; by default the <see cref="HybridCache"/> from the service provider.</param>
    /// <param name="configure">Adjusts the settings, which start from the <see cref="LlmCacheOptions"/> defaults.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="scope"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No cache was given and the service provider has no <see cref="HybridCache"/>.</exception>
    public static ChatClientBuilder UseLlmResponseCache(
        this ChatClientBuilder builder,
        string scope,
        HybridCache? cache = null,
        Action<LlmCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scope);

        var options = new LlmCacheOptions();
        configure?.Invoke(options);
        return builder.Use((inner, services) => Create(
            inner,
            services,
            cache,
            scope,
            route: null,
            options,
            options.Ttl));
    }

    internal static ResponseCachingChatClient Create(
        IChatClient inner,
        IServiceProvider services,
        HybridCache? cache,
        string scope,
        string? route,
        LlmCacheOptions options,
        TimeSpan ttl)
    {
        cache ??= services.GetService<HybridCache>() ?? throw new InvalidOperationException(
            $"The response cache for '{scope}' needs a HybridCache, and none was given or registered. " +
            "Call services.AddHybridCache() (AddLlmAspire does) or pass one to UseLlmResponseCache.");
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return new ResponseCachingChatClient(
            inner,
            cache,
            scope,
            route,
            options,
            ttl,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            loggerFactory.CreateLogger("LlmAspire.Caching"));
    }
}
