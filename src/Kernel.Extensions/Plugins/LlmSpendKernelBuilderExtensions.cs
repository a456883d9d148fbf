using LlmAspire.Costs;
using LlmAspire.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Adds the spend-reporting plugin to a Semantic Kernel builder.</summary>
public static class LlmSpendKernelBuilderExtensions
{
    /// <summary>The plugin name the functions are registered under unless another is given.</summary>
    public const string DefaultPluginName = "llm_spend";

    /// <summary>
    /// Adds <see cref="LlmSpendPlugin"/> to kernels built from <paramref name="builder"/>. Call <c>AddLlmAspire</c> too:
    /// the plugin reads its <see cref="LlmUsageReports"/>.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="tenant">The tenant whose spend to report, or <see langword="null"/> for all usage.</param>
    /// <param name="pluginName">The plugin's name.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddLlmSpendPlugin(
        this IKernelBuilder builder,
        string? tenant = null,
        string pluginName = DefaultPluginName)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(
            new LlmSpendPlugin(sp.GetRequiredService<LlmUsageReports>(), tenant), pluginName));
        return builder;
    }
}
