using System.Globalization;
using LlmAspire.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>
/// Hosts the gateway with the real pipeline: provider <c>openai</c> (kind OpenAI) points at a fake OpenAI server,
/// route <c>default</c> targets <c>openai/gpt-4o-mini</c>, plus whatever <c>Llm:</c> settings a test adds (tenants,
/// budgets). Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class CostGatewayFactory(
    FakeProvider fake,
    params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public const string ProviderKey = "sk-provider-secret-0123456789";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 10, 18, 0, 0, TimeSpan.Zero));

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Llm:Resilience:MaxRetryAttempts", "0");
        builder.UseSetting("Llm:Providers:openai:Kind", "OpenAI");
        builder.UseSetting("Llm:Providers:openai:Endpoint", fake.Endpoint.ToString());
        builder.UseSetting("Llm:Providers:openai:ApiKey", ProviderKey);
        builder.UseSetting("Llm:Routes:default:Targets:0", "openai/gpt-4o-mini");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(
                key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) ? key : "Llm:" + key,
                value);
        }

        builder.ConfigureTestServices(services => services
            .AddSingleton<TimeProvider>(Time)
            .AddFakeLogging()
            .AddLogging(logging => logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Trace)));
    }

    public static string Usd(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
