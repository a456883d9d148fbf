using LlmAspire.Caching;
using LlmAspire.Filters.Internal;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.SemanticKernel;

/// <summary>Adds LlmAspire's prompt cache to kernels whose chat services LlmAspire did not build.</summary>
public static class LlmPromptCacheKernelBuilderExtensions
{
    /// <summary>
    /// Registers filters that answer a repeated prompt function call (same function, rendered prompt and execution
    /// settings) from <see cref="HybridCache"/> without calling the model, and store the text answer of each miss.
    /// </summary>
    /// <remarks>
    /// Kernels on LlmAspire routes do not need this: their routes cache already. Streaming calls, calls with a
    /// function-choice behaviour (tools) and non-text answers are not cached; a temperature above 0 without a seed
    /// bypasses the cache unless <see cref="LlmCacheOptions.CacheNonDeterministic"/> is on. Registers
    /// <see cref="HybridCache"/> too, if it is not already. Nothing about the prompt is logged. The filters are safe
    /// for concurrent use.
    /// </remarks>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Adjusts the settings, which start from the <see cref="LlmCacheOptions"/> defaults.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddLlmPromptCache(
        this IKernelBuilder builder,
        Action<LlmCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = new LlmCacheOptions();
        configure?.Invoke(options);
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton(sp => new PromptCachingFilter(
            sp.GetRequiredService<HybridCache>(),
            options,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("LlmAspire.Caching")));
        builder.Services.AddSingleton<IPromptRenderFilter>(sp => sp.GetRequiredService<PromptCachingFilter>());
        builder.Services.AddSingleton<IFunctionInvocationFilter>(sp => sp.GetRequiredService<PromptCachingFilter>());
        return builder;
    }
}
