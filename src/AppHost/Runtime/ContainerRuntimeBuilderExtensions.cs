using LlmAspire.AppHost.Logging;
using Microsoft.Extensions.Configuration;

namespace LlmAspire.AppHost.Runtime;

/// <summary>Chooses between container mode and local mode for the AppHost.</summary>
internal static class ContainerRuntimeBuilderExtensions
{
    private const string Auto = "auto";
    private const string None = "none";
    private const string AspireContainerRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";

    private static readonly string[] _knownRuntimes = ["docker", "podman"];

    /// <summary>
    /// Reads <c>LlmAspire:ContainerRuntime</c> (<c>auto</c>, <c>none</c>, <c>docker</c> or <c>podman</c>; default
    /// <c>auto</c>). <c>auto</c> runs <c>docker info</c>, then <c>podman info</c> (the one named by
    /// <c>ASPIRE_CONTAINER_RUNTIME</c> first), once each with a 5 second timeout, and tells Aspire which one answered.
    /// </summary>
    public static ContainerRuntimeChoice ResolveContainerRuntime(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var choice = Choose(builder);
        StartupNotes.For(builder).Add(log => log.LogMode(choice.Mode, choice.Reason));
        return choice;
    }

    private static ContainerRuntimeChoice Choose(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[AppHostSettings.ContainerRuntimeKey];
        var value = string.IsNullOrWhiteSpace(configured) ? Auto : configured.Trim().ToLowerInvariant();

        if (value == None)
        {
            return new(null, $"{AppHostSettings.ContainerRuntimeKey} is '{configured}'");
        }

        if (_knownRuntimes.Contains(value))
        {
            UseRuntimeForContainers(builder, value);

            // The switch wins, but a developer who forces a runtime that does not answer should learn why nothing
            // starts.
            if (!ContainerRuntimeProbe.IsUsable(value))
            {
                StartupNotes.For(builder).Add(log => log.LogRuntimeNotAnswering(value));
            }

            return new(value, $"{AppHostSettings.ContainerRuntimeKey} is '{configured}'");
        }

        if (value != Auto)
        {
            throw new InvalidOperationException(
                $"{AppHostSettings.ContainerRuntimeKey} is '{configured}', which is not a known value. " +
                "Use 'auto' (detect), 'none' (local processes only), 'docker' or 'podman'.");
        }

        // A runtime the developer already named for Aspire is tried first.
        var aspireRuntime = builder.Configuration[AspireContainerRuntimeKey]?.Trim().ToLowerInvariant();
        var candidates = _knownRuntimes.OrderBy(r => r == aspireRuntime ? 0 : 1);

        foreach (var runtime in candidates)
        {
            if (ContainerRuntimeProbe.IsUsable(runtime))
            {
                UseRuntimeForContainers(builder, runtime);
                return new(runtime, $"'{runtime} info' answered");
            }
        }

        return new(null, "neither 'docker info' nor 'podman info' succeeded within 5 seconds");
    }

    // Aspire's orchestrator starts containers with docker unless told otherwise; tell it what we chose, unless the
    // developer already did.
    private static void UseRuntimeForContainers(IDistributedApplicationBuilder builder, string runtime)
    {
        if (string.IsNullOrEmpty(builder.Configuration[AspireContainerRuntimeKey]))
        {
            builder.Configuration[AspireContainerRuntimeKey] = runtime;
        }
    }
}
