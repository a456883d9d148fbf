using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmAspire.AppHost.Ollama;

/// <summary>Healthy once the configured model is pulled, so the gateway starts only when Ollama can answer.</summary>
internal sealed class OllamaModelHealthCheck(OllamaModelState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var result = state switch
        {
            { IsReady: true } => HealthCheckResult.Healthy($"Model {state.Model} is ready."),
            { Error: { } error } => HealthCheckResult.Unhealthy($"Pulling model {state.Model} failed: {error}"),
            _ => HealthCheckResult.Unhealthy($"Model {state.Model}: {state.Status}."),
        };

        return Task.FromResult(result);
    }
}
