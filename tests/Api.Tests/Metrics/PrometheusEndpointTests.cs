using System.Net;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Testing;

namespace LlmAspire.Api.Tests.Metrics;

public sealed class PrometheusEndpointTests
{
    private const string Body = """{"model":"default","messages":[{"role":"user","content":"Say hello."}]}""";

    [Fact]
    public async Task Metrics_Enabled_ServesCostCounter()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = new CostGatewayFactory(fake, ("Gateway:PrometheusEnabled", "true"));
        var client = factory.CreateClient();
        await GatewayHttp.PostAsync(client, Body);

        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("llmaspire_cost", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ByDefault_IsNotServed()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = new CostGatewayFactory(fake);

        var response = await factory.CreateClient().GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
