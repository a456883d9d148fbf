namespace LlmAspire.Caching;

/// <summary>What the response cache did for one call.</summary>
public enum LlmCacheStatus
{
    /// <summary>The cache was not consulted: it is off, the request is not cacheable, or the caller asked to skip the lookup.</summary>
    Bypass,

    /// <summary>The cache was consulted and had no answer; a provider answered.</summary>
    Miss,

    /// <summary>
    /// A stored answer served the call, or an identical call already in flight did and this one shared its answer; no
    /// provider was called for it.
    /// </summary>
    Hit,
}
