using LlmAspire.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.SemanticKernel;

/// <summary>Adds LlmAspire's Semantic Kernel filters to kernels whose chat services were registered some other way.</summary>
public static class LlmAspireFilterKernelBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="FailoverFunctionFilter"/>: kernel functions retry transient failures and then run again on
    /// the next of <paramref name="serviceIds"/>.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="serviceIds">Chat completion service ids, in the order to try them.</param>
    /// <param name="configure">Adjusts retries and delays.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="serviceIds"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddLlmAspireFailoverFilter(
        this IKernelBuilder builder,
        IEnumerable<string> serviceIds,
        Action<FailoverFilterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceIds);

        var options = new FailoverFilterOptions();
        foreach (var id in serviceIds)
        {
            options.ServiceIds.Add(id);
        }

        configure?.Invoke(options);
        builder.Services.AddSingleton<IFunctionInvocationFilter>(sp => new FailoverFunctionFilter(
            options,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<FailoverFunctionFilter>>()));
        return builder;
    }
}
