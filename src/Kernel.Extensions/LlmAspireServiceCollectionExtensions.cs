using LlmAspire.Routing;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LlmAspire's providers, routes and pipeline in a service collection.</summary>
public static class LlmAspireServiceCollectionExtensions
{
    /// <summary>Registers providers and routes bound from <paramref name="configuration"/> (the <c>Llm</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>Llm</c> configuration section.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddLlmAspire(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => new LlmCatalog([], [], _ => null));
        return services;
    }
}
