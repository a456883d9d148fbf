using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Logging;
using LlmAspire.AppHost.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmAspire.AppHost.Ollama;

/// <summary>Adds the <c>ollama</c> resource: a container that pulls the model, or an external endpoint.</summary>
internal static class OllamaBuilderExtensions
{
    private const string EndpointName = "http";

    /// <summary>
    /// Adds Ollama as a container at the pinned tag with a data volume, and pulls <c>Ollama:Model</c> (default
    /// <c>llama3.2</c>) once it runs. The resource is healthy only after the model is pulled.
    /// </summary>
    public static OllamaTarget AddOllamaContainer(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var state = new OllamaModelState(builder.GetOllamaModel());
        StartupNotes.For(builder).Add(log => log.LogResourceChoice(
            name,
            $"Ollama container {OllamaContainerImageTags.Image}:{OllamaContainerImageTags.Tag}, model {state.Model}"));

        var healthCheckKey = $"{name}-model";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new OllamaModelHealthCheck(state),
            failureStatus: null,
            tags: null));

        var container = builder.AddContainer(name, OllamaContainerImageTags.Image, OllamaContainerImageTags.Tag)
            .WithImageRegistry(OllamaContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: OllamaContainerImageTags.Port, name: EndpointName)
            .WithVolume("llmaspire-ollama-data", OllamaContainerImageTags.DataPath)
            .WithHealthCheck(healthCheckKey);
        var endpoint = container.GetEndpoint(EndpointName);

        container.OnBeforeResourceStarted((resource, e, cancellationToken) =>
        {
            if (state.TryStart())
            {
                // Runs beside the container's start-up: the pull needs the container running, and awaiting it here
                // would hold the start back.
                _ = Task.Run(() => OllamaModelPuller.RunAsync(e.Services, resource, endpoint, state));
            }

            return Task.CompletedTask;
        });

        return new OllamaTarget(container, endpoint, state.Model);
    }

    /// <summary>
    /// Adds the Ollama server named by <c>Ollama:Endpoint</c> as an external service, or returns
    /// <see langword="null"/> and logs why when none is configured.
    /// </summary>
    public static OllamaTarget? AddOllamaFromConfiguration(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var notes = StartupNotes.For(builder);
        var configured = builder.Configuration[AppHostSettings.OllamaEndpointKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            notes.Add(log => log.LogProviderLeftOut(
                name,
                $"there is no container runtime and {AppHostSettings.OllamaEndpointKey} is not set",
                $"pass --{AppHostSettings.OllamaEndpointKey}=http://localhost:11434, or run " +
                "'dotnet user-secrets set Ollama:Endpoint http://localhost:11434' in src/AppHost, " +
                "or start Docker or Podman"));
            return null;
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"{AppHostSettings.OllamaEndpointKey} is '{configured}', " +
                "which is not an absolute http or https address. " +
                "Give the Ollama server's base address without /v1, for example http://localhost:11434.");
        }

        var model = builder.GetOllamaModel();
        notes.Add(log => log.LogResourceChoice(name, $"external Ollama at {uri}, model {model}"));

        var baseAddress = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var external = builder.AddExternalService(name, baseAddress + "/")
            .WithHttpHealthCheck("/");

        return new OllamaTarget(external, baseAddress, model);
    }

    private static string GetOllamaModel(this IDistributedApplicationBuilder builder)
    {
        var model = builder.Configuration[AppHostSettings.OllamaModelKey];
        return string.IsNullOrWhiteSpace(model) ? AppHostSettings.DefaultOllamaModel : model.Trim();
    }
}
