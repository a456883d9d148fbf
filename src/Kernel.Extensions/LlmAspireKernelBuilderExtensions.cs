using LlmAspire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Adds LlmAspire's chat services to a Semantic Kernel builder.</summary>
public static class LlmAspireKernelBuilderExtensions
{
    /// <summary>
    /// Registers the providers and routes of the <c>Llm</c> configuration section as the kernel's chat services: one
    /// per route and per provider, keyed by name, with the default route as the kernel's default.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The <c>Llm</c> configuration section.</param>
    /// <returns>A builder for further LlmAspire registrations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static LlmAspireBuilder AddLlmAspire(this IKernelBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddLlmAspire(configuration);
    }

    /// <summary>Registers the providers and routes that <paramref name="configure"/> sets as the kernel's chat services.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets providers and routes.</param>
    /// <returns>A builder for further LlmAspire registrations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static LlmAspireBuilder AddLlmAspire(
        this IKernelBuilder builder,
        Action<LlmAspire.Configuration.LlmOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddLlmAspire(configure);
    }
}
