using LlmAspire.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LlmAspire.Tests.Infrastructure;

/// <summary>A service provider with LlmAspire registered from in-memory configuration, logging to a collector.</summary>
internal sealed class LlmTestHost : IDisposable
{
    private LlmTestHost(ServiceProvider services, FakeLogCollector logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs { get; }

    /// <param name="llmSettings">Keys below the <c>Llm</c> section.</param>
    /// <param name="configure">Further registrations, after LlmAspire's.</param>
    /// <param name="redisConnectionString">When set, registered as the connection string <c>cache</c>.</param>
    public static LlmTestHost Create(
        IDictionary<string, string?> llmSettings,
        Action<IServiceCollection>? configure = null,
        string? redisConnectionString = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(llmSettings.Select(kv => KeyValuePair.Create("Llm:" + kv.Key, kv.Value)))
            .AddInMemoryCollection(
                redisConnectionString is null
                    ? []
                    : [KeyValuePair.Create<string, string?>("ConnectionStrings:cache", redisConnectionString)])
            .Build();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddLlmAspire(configuration.GetSection("Llm"));
        configure?.Invoke(services);
        return new LlmTestHost(services.BuildServiceProvider(), logs);
    }

    /// <summary>Settings for one provider named after its kind, pointed at <paramref name="fake"/>.</summary>
    /// <remarks>
    /// Retries and the response cache are off, so tests of other stages see exactly one request per call and failure.
    /// </remarks>
    public static Dictionary<string, string?> ProviderSettings(
        string name,
        string kind,
        FakeProvider fake,
        string apiKey = "sk-test-secret-key-123") => new()
    {
        ["Resilience:MaxRetryAttempts"] = "0",
        ["Cache:Enabled"] = "false",
        [$"Providers:{name}:Kind"] = kind,
        [$"Providers:{name}:Endpoint"] = fake.Endpoint.ToString(),
        [$"Providers:{name}:ApiKey"] = apiKey,
    };

    /// <summary>The client for a route or a <c>provider/model</c> target, from the catalog.</summary>
    public IChatClient Client(string name) =>
        Services.GetRequiredService<LlmAspire.Routing.LlmCatalog>().TryGetChatClient(name, out var client)
            ? client
            : throw new InvalidOperationException(
                $"'{name}' is neither a route nor a target on a configured provider.");

    public void Dispose() => Services.Dispose();
}
