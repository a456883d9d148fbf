using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Logging;
using LlmAspire.AppHost.Ollama;
using LlmAspire.AppHost.Runtime;
using Microsoft.Extensions.Configuration;

namespace LlmAspire.AppHost.Gateway;

/// <summary>Configures the gateway project: endpoint, replicas, providers and routes.</summary>
internal static class GatewayBuilderExtensions
{
    private const string HttpEndpointName = "http";
    private const string AnthropicProvider = "anthropic";
    private const string OpenAIProvider = "openai";
    private const string OllamaProvider = "ollama";

    /// <summary>Adds an <c>http</c> endpoint when the project's launch profile gives none.</summary>
    public static IResourceBuilder<ProjectResource> WithDefaultHttpEndpoint(this IResourceBuilder<ProjectResource> api)
    {
        ArgumentNullException.ThrowIfNull(api);

        var hasHttp = api.Resource.Annotations.OfType<EndpointAnnotation>()
            .Any(e => string.Equals(e.Name, HttpEndpointName, StringComparison.OrdinalIgnoreCase));

        return hasHttp ? api : api.WithHttpEndpoint(name: HttpEndpointName);
    }

    /// <summary>Runs <c>Api:Replicas</c> instances (default 1).</summary>
    /// <exception cref="InvalidOperationException">The setting is not a whole number of at least 1.</exception>
    public static IResourceBuilder<ProjectResource> WithReplicasFromConfiguration(
        this IResourceBuilder<ProjectResource> api)
    {
        ArgumentNullException.ThrowIfNull(api);

        var configured = api.ApplicationBuilder.Configuration[AppHostSettings.ApiReplicasKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return api;
        }

        if (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas)
            || replicas < 1)
        {
            throw new InvalidOperationException(
                $"{AppHostSettings.ApiReplicasKey} is '{configured}', which is not a whole number of at least 1. " +
                "Set it to the number of gateway instances to run, for example 2.");
        }

        return replicas == 1 ? api : api.WithReplicas(replicas);
    }

    /// <summary>References the <c>ollama</c> resource and waits for it, when there is one.</summary>
    public static IResourceBuilder<ProjectResource> WithOllama(
        this IResourceBuilder<ProjectResource> api,
        OllamaTarget? ollama)
    {
        ArgumentNullException.ThrowIfNull(api);

        if (ollama is null)
        {
            return api;
        }

        switch (ollama.Resource)
        {
            case IResourceBuilder<ExternalServiceResource> external:
                api.WithReference(external);
                break;
            case IResourceBuilder<IResourceWithEndpoints> container:
                api.WithReference(container.GetEndpoint(HttpEndpointName));
                break;
        }

        return api.WaitFor(ollama.Resource);
    }

    /// <summary>
    /// Passes each available provider to the gateway as <c>Llm__Providers__*</c> environment variables, and the route
    /// <c>default</c> as the available ones of Anthropic, OpenAI and Ollama in that order. A <c>Llm:Routes:default</c>
    /// section in the AppHost's configuration replaces the generated route.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLlmProviders(
        this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ParameterResource>? anthropicApiKey,
        IResourceBuilder<ParameterResource>? openAIApiKey,
        OllamaTarget? ollama)
    {
        ArgumentNullException.ThrowIfNull(api);

        var targets = new List<string>();

        if (anthropicApiKey is not null)
        {
            api.WithEnvironment(LlmEnvironmentNames.ProviderKind(AnthropicProvider), "Anthropic")
                .WithEnvironment(LlmEnvironmentNames.ProviderApiKey(AnthropicProvider), anthropicApiKey);
            targets.Add($"{AnthropicProvider}/{DefaultRouteModels.Anthropic}");
        }

        if (openAIApiKey is not null)
        {
            api.WithEnvironment(LlmEnvironmentNames.ProviderKind(OpenAIProvider), "OpenAI")
                .WithEnvironment(LlmEnvironmentNames.ProviderApiKey(OpenAIProvider), openAIApiKey);
            targets.Add($"{OpenAIProvider}/{DefaultRouteModels.OpenAI}");
        }

        if (ollama is not null)
        {
            var endpointName = LlmEnvironmentNames.ProviderEndpoint(OllamaProvider);
            api.WithEnvironment(LlmEnvironmentNames.ProviderKind(OllamaProvider), "Ollama")
                .WithEnvironment(context => context.EnvironmentVariables[endpointName] = ollama.Endpoint);
            targets.Add($"{OllamaProvider}/{ollama.Model}");
        }

        var notes = StartupNotes.For(api.ApplicationBuilder);
        var userRouteKey = $"{AppHostSettings.LlmSection}:Routes:{LlmEnvironmentNames.DefaultRoute}";
        if (api.ApplicationBuilder.Configuration.GetSection(userRouteKey).Exists())
        {
            notes.Add(log => log.LogResourceChoice(
                api.Resource.Name,
                $"route 'default' comes from the AppHost's {userRouteKey}"));
            return api;
        }

        if (targets.Count == 0)
        {
            notes.Add(log => log.LogNoDefaultTargets(
                "no provider has a key or an endpoint; " +
                "the gateway starts but every chat request fails until one is added"));
            return api;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            api.WithEnvironment(LlmEnvironmentNames.RouteTarget(LlmEnvironmentNames.DefaultRoute, i), targets[i]);
        }

        var route = string.Join(", ", targets);
        notes.Add(log => log.LogResourceChoice(api.Resource.Name, $"route 'default' = {route}"));
        return api;
    }

    /// <summary>
    /// Passes every value under the AppHost's <c>Llm</c> configuration section to the gateway unchanged
    /// (<c>Llm:Providers:vllm:Endpoint</c> becomes <c>Llm__Providers__vllm__Endpoint</c>). These values are plain
    /// environment variables, visible in the dashboard: put API keys in secret parameters instead.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLlmConfigurationPassThrough(
        this IResourceBuilder<ProjectResource> api)
    {
        ArgumentNullException.ThrowIfNull(api);

        var section = api.ApplicationBuilder.Configuration.GetSection(AppHostSettings.LlmSection);
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is not null)
            {
                api.WithEnvironment(LlmEnvironmentNames.FromConfigurationKey(key), value);
            }
        }

        return api;
    }
}
