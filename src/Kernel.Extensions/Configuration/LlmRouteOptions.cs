using LlmAspire.Caching;

namespace LlmAspire.Configuration;

/// <summary>One route: an ordered list of targets tried until one answers.</summary>
public sealed class LlmRouteOptions
{
    /// <summary>
    /// Gets the targets in the order they are tried, each as <c>provider/model</c> with a provider configured under
    /// <c>Llm:Providers</c>. At least one is required.
    /// </summary>
    public IList<string> Targets { get; } = [];

    /// <summary>Gets or sets this route's cache settings (<c>Llm:Routes:{name}:Cache</c>), overriding <c>Llm:Cache</c>.</summary>
    public LlmRouteCacheOptions Cache { get; set; } = new();
}
