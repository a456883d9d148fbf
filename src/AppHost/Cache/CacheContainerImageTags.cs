namespace LlmAspire.AppHost.Cache;

/// <summary>The Redis image the <c>cache</c> resource runs in container mode.</summary>
internal static class CacheContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>library/redis</summary>
    public const string Image = "library/redis";

    /// <summary>8.2.2: pinned to a patch release so every developer and CI run the same server.</summary>
    public const string Tag = "8.2.2";
}
