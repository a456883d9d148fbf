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
        ValidateResilience("Llm:Resilience", options.Resilience, failures);
        ValidateCache(options.Cache, failures);
        foreach (var (providerName, provider) in options.Providers)
        {
            ValidateProvider(providerName, provider, failures);
            if (provider.Resilience is not null)
            {
                ValidateResilience($"Llm:Providers:{providerName}:Resilience", provider.Resilience, failures);
            }
        }

        foreach (var (routeName, route) in options.Routes)
        {
            ValidateRoute(routeName, route, options, failures);
            if (route.Cache.Ttl is { } routeTtl && routeTtl <= TimeSpan.Zero)
            {
                failures.Add($"Llm:Routes:{routeName}:Cache:Ttl has the value {routeTtl}; it must be longer than " +
                    "zero, written as d.hh:mm:ss (for example 01:00:00). Remove it to use Llm:Cache:Ttl.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateProvider(string name, LlmProviderOptions provider, List<string> failures)
    {
        var key = $"Llm:Providers:{name}";
        if (name.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{key}: the provider name '{name}' contains '/', which separates provider and model in a " +
                "target. Rename the provider.");
        }

        if (provider.Kind is null)
        {
            failures.Add($"{key}:Kind is missing. Set it to one of {KindList}.");
            return;
        }

        if (!Enum.IsDefined(provider.Kind.Value))
        {
            failures.Add($"{key}:Kind has the value '{provider.Kind}', which is not a provider kind. Use one of " +
                $"{KindList}.");
            return;
        }

        var needsKey = provider.Kind is LlmProviderKind.OpenAI or LlmProviderKind.Anthropic;
        if (needsKey && string.IsNullOrWhiteSpace(provider.ApiKey))
        {
            var envName = $"Llm__Providers__{name}__ApiKey";
            failures.Add($"{key}:ApiKey is missing; a {provider.Kind} provider needs one. Set it, for example with " +
                $"the environment variable {envName}, or remove the provider.");
        }

        if (provider.Kind == LlmProviderKind.OpenAICompatible && provider.Endpoint is null)
        {
            failures.Add($"{key}:Endpoint is missing; an OpenAICompatible provider has no public default. Set it to " +
                "the server's base address including /v1, for example http://localhost:8000/v1.");
        }

        if (provider.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri
                || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{key}:Endpoint has the value '{endpoint}', which is not an absolute http or https " +
                "address. Use a value such as https://api.example.com/v1.");
        }

        if (provider.RequestsPerMinute is <= 0)
        {
            failures.Add($"{key}:RequestsPerMinute has the value {provider.RequestsPerMinute}; it must be at least " +
                "1. Remove it for no limit.");
        }

        if (provider.TokensPerMinute is <= 0)
        {
            failures.Add($"{key}:TokensPerMinute has the value {provider.TokensPerMinute}; it must be at least 1. " +
                "Remove it for no limit.");
        }

        if (provider.DefaultMaxOutputTokens is <= 0)
        {
            failures.Add($"{key}:DefaultMaxOutputTokens has the value {provider.DefaultMaxOutputTokens}; it must be " +
                "at least 1. Remove it to use the default.");
        }
    }

    private static void ValidateResilience(string key, LlmResilienceOptions resilience, List<string> failures)
    {
        if (resilience.MaxRetryAttempts is < 0 or > 20)
        {
            failures.Add($"{key}:MaxRetryAttempts has the value {resilience.MaxRetryAttempts}; use 0 (no retries) to " +
                "20.");
        }

        RequirePositive(key, nameof(resilience.BaseDelay), resilience.BaseDelay, failures);
        RequirePositive(key, nameof(resilience.MaxDelay), resilience.MaxDelay, failures);
        RequirePositive(key, nameof(resilience.AttemptTimeout), resilience.AttemptTimeout, failures);
        RequirePositive(key, nameof(resilience.TotalTimeout), resilience.TotalTimeout, failures);
        RequirePositive(key, nameof(resilience.FirstChunkTimeout), resilience.FirstChunkTimeout, failures);
        RequirePositive(key, nameof(resilience.StreamIdleTimeout), resilience.StreamIdleTimeout, failures);
        RequirePositive(key, nameof(resilience.CircuitSamplingDuration), resilience.CircuitSamplingDuration, failures);
        RequirePositive(key, nameof(resilience.CircuitBreakDuration), resilience.CircuitBreakDuration, failures);
        if (resilience.MaxDelay < resilience.BaseDelay)
        {
            failures.Add($"{key}:MaxDelay ({resilience.MaxDelay}) is shorter than BaseDelay " +
                $"({resilience.BaseDelay}). Raise MaxDelay or lower BaseDelay.");
        }

        if (resilience.CircuitSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"{key}:CircuitSamplingDuration has the value {resilience.CircuitSamplingDuration}; it must " +
                "be at least 00:00:00.5.");
        }

        if (resilience.CircuitBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"{key}:CircuitBreakDuration has the value {resilience.CircuitBreakDuration}; it must be at " +
                "least 00:00:00.5.");
        }

        if (resilience.CircuitFailureRatio is <= 0 or > 1)
        {
            failures.Add($"{key}:CircuitFailureRatio has the value {resilience.CircuitFailureRatio}; use a share " +
                "above 0 and at most 1, such as 0.5.");
        }

        if (resilience.CircuitMinimumThroughput < 2)
        {
            failures.Add($"{key}:CircuitMinimumThroughput has the value {resilience.CircuitMinimumThroughput}; it " +
                "must be at least 2.");
        }

        if (resilience.MaxRateLimitWait < TimeSpan.Zero)
        {
            failures.Add($"{key}:MaxRateLimitWait has the value {resilience.MaxRateLimitWait}; use 00:00:00 (never " +
                "wait) or more.");
        }
    }

    private static void ValidateCache(LlmAspire.Caching.LlmCacheOptions cache, List<string> failures)
    {
        const string Key = "Llm:Cache";
        RequirePositive(Key, nameof(cache.Ttl), cache.Ttl, failures);
        RequirePositive(Key, nameof(cache.LocalTtl), cache.LocalTtl, failures);
        RequirePositive(Key, nameof(cache.DistributedTimeout), cache.DistributedTimeout, failures);
        RequirePositive(Key, nameof(cache.DistributedRetryAfter), cache.DistributedRetryAfter, failures);
        if (cache.DistributedTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Key}:DistributedTimeout has the value {cache.DistributedTimeout}; a cache that waits " +
                "longer than 00:01:00 for Redis helps no one. Use a value such as 00:00:00.5.");
        }

        if (cache.MaxEntryBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"{Key}:MaxEntryBytes has the value {cache.MaxEntryBytes}; use 1024 (1 KiB) to 67108864 (64 " +
                "MiB), for example 1048576.");
        }
    }

    private static void RequirePositive(string key, string name, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key}:{name} has the value {value}; it must be longer than zero, written as d.hh:mm:ss " +
                "(for example 00:00:30).");
        }
    }

    private static void ValidateRoute(string name, LlmRouteOptions route, LlmOptions options, List<string> failures)
    {
        var key = $"Llm:Routes:{name}";
        if (name.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{key}: the route name '{name}' contains '/', so callers could not tell it from a target. " +
                "Rename the route.");
        }

        if (route.Targets.Count == 0)
        {
            failures.Add($"{key}:Targets is empty. List at least one target as provider/model, for example " +
                $"{key}:Targets:0 = openai/gpt-4o-mini.");
            return;
        }

        for (var i = 0; i < route.Targets.Count; i++)
        {
            var value = route.Targets[i];
            if (!LlmTarget.TryParse(value, out var target))
            {
                failures.Add($"{key}:Targets:{i} has the value '{value}', which is not of the form provider/model. " +
                    "Write it like openai/gpt-4o-mini.");
            }
            else if (!options.Providers.ContainsKey(target.Provider))
            {
                var known = options.Providers.Count == 0
                    ? "none are configured"
                    : "configured: " + string.Join(", ", options.Providers.Keys);
                failures.Add($"{key}:Targets:{i} names the provider '{target.Provider}', which is not configured " +
                    $"({known}). Add Llm:Providers:{target.Provider} or fix the target.");
            }
        }
    }
}
