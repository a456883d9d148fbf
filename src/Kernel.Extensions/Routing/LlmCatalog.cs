using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace LlmAspire.Routing;

/// <summary>
/// The configured routes and targets, each as a ready <see cref="IChatClient"/> with the full pipeline.
/// </summary>
/// <remarks>Thread-safe. Clients are built once and shared by every caller.</remarks>
public sealed class LlmCatalog
{
    private readonly Func<string, IChatClient?> _resolve;

    internal LlmCatalog(
        IReadOnlyList<string> routes,
        IReadOnlyList<LlmTarget> targets,
        Func<string, IChatClient?> resolve)
    {
        Routes = routes;
        Targets = targets;
        _resolve = resolve;
    }

    /// <summary>Gets the configured route names, in configuration order.</summary>
    public IReadOnlyList<string> Routes { get; }

    /// <summary>Gets every target named by a route, without duplicates, in configuration order.</summary>
    public IReadOnlyList<LlmTarget> Targets { get; }

    /// <summary>
    /// Gets the client for a route name (<c>default</c>) or a target (<c>openai/gpt-4o-mini</c>, on any configured
    /// provider).
    /// </summary>
    /// <param name="name">A route or target name.</param>
    /// <param name="client">The client, with every stage of the pipeline.</param>
    /// <returns><see langword="false"/> when the name is neither a route nor a model on a configured provider.</returns>
    public bool TryGetChatClient(string name, [NotNullWhen(true)] out IChatClient? client)
    {
        ArgumentNullException.ThrowIfNull(name);

        client = _resolve(name);
        return client is not null;
    }
}
