using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Logging;
using LlmAspire.AppHost.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmAspire.AppHost.Cache;

/// <summary>Adds the <c>cache</c> resource: a Redis container, or a local Redis-protocol process.</summary>
internal static class CacheBuilderExtensions
{
    private const string EndpointName = "tcp";

    /// <summary>Adds Redis as a container at the pinned tag.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisContainer(
        this IDistributedApplicationBuilder builder,
        string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var image = $"{CacheContainerImageTags.Image}:{CacheContainerImageTags.Tag}";
        StartupNotes.For(builder).Add(log => log.LogResourceChoice(name, $"Redis container {image}"));

        return builder.AddRedis(name)
            .WithImageRegistry(CacheContainerImageTags.Registry)
            .WithImage(CacheContainerImageTags.Image)
            .WithImageTag(CacheContainerImageTags.Tag);
    }

    /// <summary>
    /// Adds a local Redis-protocol server as the process <c>{name}-server</c> (<c>redis-server</c> when it is on PATH,
    /// else Garnet through <c>dotnet tool exec</c>; <c>LlmAspire:LocalCache</c> = <c>redis-server</c> or <c>garnet</c>
    /// forces one) and a connection string named <paramref name="name"/> that points at it and waits for it.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(
        this IDistributedApplicationBuilder builder,
        string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var server = ChooseLocalServer(builder.Configuration);
        StartupNotes.For(builder).Add(
            log => log.LogResourceChoice(name, $"local {server.Name} process ('{name}-server')"));

        var process = builder.AddExecutable($"{name}-server", server.Command, builder.AppHostDirectory)
            .WithEndpoint(name: EndpointName, scheme: "tcp");
        var endpoint = process.GetEndpoint(EndpointName);

        process.WithArgs(context =>
        {
            foreach (var argument in server.Arguments)
            {
                context.Args.Add(argument);
            }

            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));

            foreach (var argument in server.TrailingArguments)
            {
                context.Args.Add(argument);
            }
        });

        var healthCheckKey = $"{name}-server-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new RedisPingHealthCheck(endpoint),
            failureStatus: null,
            tags: null));
        process.WithHealthCheck(healthCheckKey);

        return builder.AddConnectionString(
            name,
            ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"))
            .WaitFor(process);
    }

    private static LocalCacheServer ChooseLocalServer(IConfiguration configuration)
    {
        var forced = configuration[AppHostSettings.LocalCacheKey]?.Trim().ToLowerInvariant();
        var redisPath = FindOnPath("redis-server");

        return forced switch
        {
            null or "" or "auto" => redisPath is null
                ? LocalCacheServer.Garnet()
                : LocalCacheServer.RedisServer(redisPath),
            "garnet" => LocalCacheServer.Garnet(),
            "redis-server" => LocalCacheServer.RedisServer(redisPath ?? throw new InvalidOperationException(
                $"{AppHostSettings.LocalCacheKey} is 'redis-server' but no redis-server is on PATH. " +
                "Install it (apt-get install redis-server) or set it to 'auto' or 'garnet'.")),
            _ => throw new InvalidOperationException(
                $"{AppHostSettings.LocalCacheKey} is '{forced}', which is not a known value. " +
                "Use 'auto', 'redis-server' or 'garnet'."),
        };
    }

    private static string? FindOnPath(string command)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
