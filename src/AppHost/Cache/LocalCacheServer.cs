namespace LlmAspire.AppHost.Cache;

/// <summary>Which Redis-protocol server local mode runs, and how.</summary>
/// <param name="Name">What the log calls it.</param>
/// <param name="Command">The executable.</param>
/// <param name="Arguments">Arguments before the port number.</param>
/// <param name="TrailingArguments">Arguments after the port number.</param>
internal sealed record LocalCacheServer(string Name, string Command, string[] Arguments, string[] TrailingArguments)
{
    /// <summary>The Garnet tool version, the same as the <c>Microsoft.Garnet</c> package the tests use.</summary>
    public const string GarnetVersion = "2.2.12";

    /// <summary>Debian's or the user's <c>redis-server</c>: no snapshots, no append-only file, loopback only.</summary>
    public static LocalCacheServer RedisServer(string path) => new(
        "redis-server",
        path,
        ["--bind", "127.0.0.1", "--port"],
        ["--save", "", "--appendonly", "no"]);

    /// <summary>Garnet run through <c>dotnet tool exec</c>, fetched from NuGet on first use.</summary>
    public static LocalCacheServer Garnet() => new(
        "garnet",
        "dotnet",
        ["tool", "exec", $"garnet-server@{GarnetVersion}", "--yes", "--", "--bind", "127.0.0.1", "--port"],
        ["-q"]);
}
