using LlmAspire.Api.Configuration;
using LlmAspire.Api.Endpoints;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the gateway's endpoints and settings.</summary>
internal static class LlmGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OpenAI-compatible endpoints and binds <c>Llm:Gateway</c>, validated at startup. Call
    /// <c>AddLlmAspire</c> too: the endpoints serve the routes and targets of its catalog.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddLlmGateway(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<LlmGatewayOptions>()
            .Bind(builder.Configuration.GetSection(LlmGatewayOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<LlmGatewayOptions>, LlmGatewayOptionsValidator>());

        if (builder.Configuration.GetValue<bool>(
            $"{LlmGatewayOptions.SectionName}:{nameof(LlmGatewayOptions.PrometheusEnabled)}"))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ChatCompletionsEndpoint>();
        builder.Services.TryAddSingleton<ModelsEndpoint>();
        builder.Services.TryAddSingleton<UsageEndpoint>();
        builder.Services.TryAddSingleton<LlmAspire.Api.Tenants.TenantAuthenticator>();
        builder.Services.TryAddSingleton<LlmAspire.Api.Tenants.TenantRateLimiter>();
        return builder;
    }
}
