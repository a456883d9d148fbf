namespace LlmAspire.Caching;

/// <summary>A route's own cache settings (<c>Llm:Routes:{name}:Cache</c>), overriding <see cref="LlmCacheOptions"/>.</summary>
public sealed class LlmRouteCacheOptions
{
    /// <summary>Gets or sets whether this route caches; <see langword="null"/> follows <c>Llm:Cache:Enabled</c>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public bool? Enabled { get; set; }

    /// <summary>Gets or sets how long this route's answers stay valid; <see langword="null"/> follows <c>Llm:Cache:Ttl</c>.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public TimeSpan? Ttl { get; set; }
}
