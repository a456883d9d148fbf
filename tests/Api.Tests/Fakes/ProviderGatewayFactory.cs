using System.ClientModel;
using System.ClientModel.Primitives;
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
/// server, configured only through <c>Llm:*</c> settings.
/// </summary>
public sealed class ProviderGatewayFactory(IReadOnlyDictionary<string, string?> llmSettings) : WebApplicationFactory<Program>
{
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
    }
}
