using System.ClientModel;
using System.ClientModel.Primitives;
using LlmAspire.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenAI;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>
/// Hosts the gateway in memory with the real catalog: every provider is an official SDK talking to a fake provider
/// server, configured only through <c>Llm:*</c> settings, so every stage between the endpoint and the wire runs as in
/// production.
/// </summary>
/// <param name="llmSettings">Keys below the <c>Llm</c> section.</param>
/// <param name="redisConnectionString">Redis for shared state (<c>ConnectionStrings:cache</c>), if any.</param>
public sealed class ProviderGatewayFactory(
    IReadOnlyDictionary<string, string?> llmSettings,
    string? redisConnectionString = null)
    : WebApplicationFactory<Program>
{
    public const string Route = "default";

    /// <summary>Route <c>default</c> over provider <c>openai</c> (model <c>gpt-4o-mini</c>) on <paramref name="provider"/>.</summary>
    public ProviderGatewayFactory(FakeProvider provider, string? redisConnectionString = null)
        : this(OpenAIRoute(provider), redisConnectionString)
    {
    }

    /// <summary>Every log record the gateway wrote, at every level.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>An official OpenAI SDK chat client that talks to the in-memory gateway.</summary>
    public OpenAI.Chat.ChatClient CreateOpenAIChatClient(string model)
    {
        var http = CreateClient();
        return new(model, new ApiKeyCredential("x"), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services
            .AddFakeLogging()
            .AddLogging(logging => logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace)));
        foreach (var (key, value) in llmSettings)
        {
            builder.UseSetting("Llm:" + key, value);
        }

        if (redisConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        }
    }

    private static Dictionary<string, string?> OpenAIRoute(FakeProvider provider) => new()
    {
        ["Resilience:MaxRetryAttempts"] = "0",
        ["Providers:openai:Kind"] = "OpenAI",
        ["Providers:openai:Endpoint"] = provider.Endpoint.ToString(),
        ["Providers:openai:ApiKey"] = "sk-test-secret-key-123",
        ["Routes:default:Targets:0"] = "openai/gpt-4o-mini",
    };
}
