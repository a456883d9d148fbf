using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LlmAspire.Configuration.Internal;

/// <summary>
/// Binds the <c>Llm</c> section. Each provider is bound on its own, because the configuration binder silently drops a
/// dictionary entry holding a value it cannot convert; here such a value stops the host with a message instead.
/// </summary>
internal sealed class LlmOptionsSetup(IConfiguration section) : IConfigureOptions<LlmOptions>
{
    public void Configure(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        Bind(section, options, "Llm", failures);

        // The root bind above fills the dictionaries too, minus any entry it silently dropped; binding each entry
        // again replaces it and reports the dropped ones.
        foreach (var child in section.GetSection(nameof(LlmOptions.Providers)).GetChildren())
        {
            var provider = new LlmProviderOptions();
            if (Bind(child, provider, $"Llm:Providers:{child.Key}", failures))
            {
                var overrides = child.GetSection(nameof(LlmProviderOptions.Resilience));
                if (overrides.Exists())
                {
                    provider.Resilience = options.Resilience.Clone();
                    Bind(overrides, provider.Resilience, $"Llm:Providers:{child.Key}:Resilience", failures);
                }

                options.Providers[child.Key] = provider;
            }
        }

        foreach (var child in section.GetSection(nameof(LlmOptions.Routes)).GetChildren())
        {
            var route = new LlmRouteOptions();
            if (Bind(child, route, $"Llm:Routes:{child.Key}", failures))
            {
                options.Routes[child.Key] = route;
            }
        }

        BindEntries(section, nameof(LlmOptions.Pricing), options.Pricing, failures);
        BindEntries(section, nameof(LlmOptions.Tenants), options.Tenants, failures);

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions), failures);
        }
    }

    private static void BindEntries<T>(
        IConfiguration section,
        string name,
        IDictionary<string, T> target,
        List<string> failures)
        where T : new()
    {
        foreach (var child in section.GetSection(name).GetChildren())
        {
            var entry = new T();
            if (Bind(child, entry, $"Llm:{name}:{child.Key}", failures))
            {
                target[child.Key] = entry;
            }
        }
    }

    private static bool Bind(IConfiguration source, object target, string path, List<string> failures)
    {
        try
        {
            source.Bind(target);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            var hint = target is LlmProviderOptions
                ? $" Kind must be one of {string.Join(", ", Enum.GetNames<LlmProviderKind>())}; numbers are whole " +
                    "numbers; Endpoint is an absolute URL."
                : string.Empty;
            failures.Add($"{path}: {ex.Message}{hint}");
            return false;
        }
    }
}
