using LlmAspire.Routing;
using Microsoft.Extensions.Options;

namespace LlmAspire.Configuration.Internal;

/// <summary>
/// Checks the <c>Llm</c> section as a whole and reports every problem at once, each naming the key, the value and the fix.
/// </summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    private static readonly string KindList = string.Join(", ", Enum.GetNames<LlmProviderKind>());

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        foreach (var (providerName, provider) in options.Providers)
        {
            ValidateProvider(providerName, provider, failures);
        }

        foreach (var (routeName, route) in options.Routes)
        {
            ValidateRoute(routeName, route, options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateProvider(string name, LlmProviderOptions provider, List<string> failures)
    {
        var key = $"Llm:Providers:{name}";
        if (name.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{key}: the provider name '{name}' contains '/', which separates provider and model in a target. Rename the provider.");
        }

        if (provider.Kind is null)
        {
            failures.Add($"{key}:Kind is missing. Set it to one of {KindList}.");
            return;
        }

        if (!Enum.IsDefined(provider.Kind.Value))
        {
            failures.Add($"{key}:Kind has the value '{provider.Kind}', which is not a provider kind. Use one of {KindList}.");
            return;
        }

        var needsKey = provider.Kind is LlmProviderKind.OpenAI or LlmProviderKind.Anthropic;
        if (needsKey && string.IsNullOrWhiteSpace(provider.ApiKey))
        {
            var envName = $"Llm__Providers__{name}__ApiKey";
            failures.Add($"{key}:ApiKey is missing; a {provider.Kind} provider needs one. Set it, for example with the environment variable {envName}, or remove the provider.");
        }

        if (provider.Kind == LlmProviderKind.OpenAICompatible && provider.Endpoint is null)
        {
            failures.Add($"{key}:Endpoint is missing; an OpenAICompatible provider has no public default. Set it to the server's base address including /v1, for example http://localhost:8000/v1.");
        }

        if (provider.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{key}:Endpoint has the value '{endpoint}', which is not an absolute http or https address. Use a value such as https://api.example.com/v1.");
        }

        if (provider.DefaultMaxOutputTokens is <= 0)
        {
            failures.Add($"{key}:DefaultMaxOutputTokens has the value {provider.DefaultMaxOutputTokens}; it must be at least 1. Remove it to use the default.");
        }
    }

    private static void ValidateRoute(string name, LlmRouteOptions route, LlmOptions options, List<string> failures)
    {
        var key = $"Llm:Routes:{name}";
        if (name.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{key}: the route name '{name}' contains '/', so callers could not tell it from a target. Rename the route.");
        }

        if (route.Targets.Count == 0)
        {
            failures.Add($"{key}:Targets is empty. List at least one target as provider/model, for example {key}:Targets:0 = openai/gpt-4o-mini.");
            return;
        }

        for (var i = 0; i < route.Targets.Count; i++)
        {
            var value = route.Targets[i];
            if (!LlmTarget.TryParse(value, out var target))
            {
                failures.Add($"{key}:Targets:{i} has the value '{value}', which is not of the form provider/model. Write it like openai/gpt-4o-mini.");
            }
            else if (!options.Providers.ContainsKey(target.Provider))
            {
                var known = options.Providers.Count == 0 ? "none are configured" : "configured: " + string.Join(", ", options.Providers.Keys);
                failures.Add($"{key}:Targets:{i} names the provider '{target.Provider}', which is not configured ({known}). Add Llm:Providers:{target.Provider} or fix the target.");
            }
        }
    }
}
