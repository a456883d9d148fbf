using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Logging;

namespace LlmAspire.AppHost.Gateway;

/// <summary>Adds provider API keys as secret parameters, only when they are configured.</summary>
internal static class ParameterBuilderExtensions
{
    /// <summary>
    /// Adds the secret parameter <paramref name="name"/> when <c>Parameters:{name}</c> has a value; otherwise
    /// returns <see langword="null"/> and logs that <paramref name="provider"/> is left out.
    /// </summary>
    public static IResourceBuilder<ParameterResource>? AddOptionalSecret(
        this IDistributedApplicationBuilder builder,
        string name,
        string provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);

        if (string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{name}"]))
        {
            StartupNotes.For(builder).Add(log => log.LogProviderLeftOut(
                provider,
                $"the secret parameter '{name}' has no value",
                $"run 'dotnet user-secrets set Parameters:{name} <key>' in src/AppHost, " +
                $"or pass --Parameters:{name}=<key>"));
            return null;
        }

        return builder.AddParameter(name, secret: true);
    }
}
