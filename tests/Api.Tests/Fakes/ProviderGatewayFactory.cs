using LlmAspire.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>
/// Hosts the gateway in memory with the real catalog: route <c>default</c> over provider <c>openai</c>, which points
/// at a fake OpenAI server, so every stage between the endpoint and the wire runs as in production.
/// </summary>
/// <param name="provider">The fake OpenAI server behind the provider.</param>
/// <param name="redisConnectionString">Redis for the cache's second level (<c>ConnectionStrings:cache</c>), if any.</param>
public sealed class ProviderGatewayFactory(FakeProvider provider, string? redisConnectionString = null) : WebApplicationFactory<Program>
{
    public const string Route = "default";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Llm:Resilience:MaxRetryAttempts", "0");
        builder.UseSetting("Llm:Providers:openai:Kind", "OpenAI");
        builder.UseSetting("Llm:Providers:openai:Endpoint", provider.Endpoint.ToString());
        builder.UseSetting("Llm:Providers:openai:ApiKey", "sk-test-secret-key-123");
        builder.UseSetting("Llm:Routes:default:Targets:0", "openai/gpt-4o-mini");
        if (redisConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        }
    }
}
