using System.ClientModel;
using System.ClientModel.Primitives;
using LlmAspire.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenAI;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>
/// Hosts the gateway in memory. <see cref="ConfigureLlm"/> is the only seam to the providers: today it replaces the
/// catalog with one whose route and targets all resolve to <see cref="Client"/>; with the real catalog it will point
/// <c>Llm:Providers</c> at fake HTTP provider servers instead, and the tests stay as they are.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string Route = "default";
    public const long MaxBodyBytes = 64 * 1024;

    public static readonly LlmTarget[] Targets = [new("fake", "model-a"), new("fake", "model-b")];

    internal ScriptedChatClient Client { get; } = new();

    /// <summary>An official OpenAI SDK chat client that talks to the in-memory gateway.</summary>
    public OpenAI.Chat.ChatClient CreateOpenAIChatClient(string model = Route) =>
        new(model, new ApiKeyCredential("x"), CreateOpenAIOptions());

    /// <summary>An official OpenAI SDK model client that talks to the in-memory gateway.</summary>
    public OpenAI.Models.OpenAIModelClient CreateOpenAIModelClient() =>
        new(new ApiKeyCredential("x"), CreateOpenAIOptions());

    /// <summary>Every log record the gateway wrote, at every level, so tests can check what never gets logged.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services
            .AddFakeLogging()
            .AddLogging(logging => logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace)));
        builder.UseSetting(
            "Llm:Gateway:MaxRequestBodyBytes",
            MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ConfigureLlm(builder);
    }

    private void ConfigureLlm(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton(new LlmCatalog(
            [Route],
            Targets,
            name => name == Route ? new RouteContextChatClient(Client, Route)
                : Targets.Any(t => t.Name == name) ? new RouteContextChatClient(Client, null)
                : null)));

    private OpenAIClientOptions CreateOpenAIOptions()
    {
        var http = CreateClient();
        return new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
        };
    }
}
