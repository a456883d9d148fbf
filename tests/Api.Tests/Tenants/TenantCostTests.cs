using System.Net;
using System.Net.Http.Headers;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Testing;

namespace LlmAspire.Api.Tests.Tenants;

public sealed class TenantCostTests
{
    private const string KeyA = "tenant-a-secret-key-0001";
    private const string KeyB = "tenant-b-secret-key-0002";
    private const string Body =
        """{"model":"default","max_tokens":1000,"messages":[{"role":"user","content":"Say hello."}]}""";

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-tenant-key")]
    [InlineData("Basic dGVuYW50LWE=")]
    public async Task Chat_WithoutValidKey_Is401InOpenAIEnvelope(string? authorization)
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = Tenants(fake);
        var client = factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await GatewayHttp.PostAsync(client, Body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await GatewayHttp.ReadErrorAsync(response)).GetProperty("code").GetString());
        Assert.Equal(0, fake.ChatRequestCount);
    }

    [Fact]
    public async Task Chat_ValidKey_AnswersWithCostHeaderAndNoKeyInLogsOrBody()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("hello", inputTokens: 1000, outputTokens: 1000));
        await using var factory = Tenants(fake);

        var response = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0.00075", response.Headers.GetValues("x-llm-cost-usd").Single());
        Assert.DoesNotContain(KeyA, text, StringComparison.Ordinal);
        Assert.All(factory.Logs.GetSnapshot(), r =>
        {
            Assert.DoesNotContain(KeyA, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(CostGatewayFactory.ProviderKey, r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Chat_TenantOverItsRequestsPerMinute_Is429WithRetryAfterAndOtherTenantStillServed()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = Tenants(fake, ("Tenants:a:RequestsPerMinute", "2"));

        var first = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var second = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var third = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var other = await GatewayHttp.PostAsync(Client(factory, KeyB), Body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(third);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Contains(
            "Llm:Tenants:a:RequestsPerMinute",
            error.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        Assert.InRange(
            third.Headers.RetryAfter?.Delta ?? TimeSpan.Zero,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Chat_TenantBudgetExhausted_Is429WithRetryAfterAndOtherTenantStillServed()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("hello", inputTokens: 10, outputTokens: 1000);
        await using var factory = Tenants(fake, ("Tenants:a:DailyUsd", "0.001"));

        var first = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var second = await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        var other = await GatewayHttp.PostAsync(Client(factory, KeyB), Body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("budget_exceeded", (await GatewayHttp.ReadErrorAsync(second)).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromHours(6), second.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task StreamingChat_BudgetExhausted_Is429JsonBeforeAnyEvent()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = Tenants(fake, ("Budget:DailyUsd", "0.0001"));

        var response = await GatewayHttp.PostAsync(
            Client(factory, KeyA),
            """{"model":"default","stream":true,"max_tokens":1000,"messages":[{"role":"user","content":"Say hello."}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("budget_exceeded", (await GatewayHttp.ReadErrorAsync(response)).GetProperty("code").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, fake.ChatRequestCount);
    }

    [Fact]
    public async Task Chat_BudgetStoreDown_Is503NotA500()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = new CostGatewayFactory(
            fake,
            (
                "ConnectionStrings:cache",
                "127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=500,connectRetry=0"),
            ("Budget:DailyUsd", "10"));

        var response = await GatewayHttp.PostAsync(factory.CreateClient(), Body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "budget_store_unavailable",
            (await GatewayHttp.ReadErrorAsync(response)).GetProperty("code").GetString());
        Assert.Equal(0, fake.ChatRequestCount);
    }

    [Fact]
    public async Task Usage_TenantKey_SeesOwnUsageInSnakeCase()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("hello", inputTokens: 1000, outputTokens: 1000);
        await using var factory = Tenants(fake, ("Tenants:a:DailyUsd", "5"), ("Budget:MonthlyUsd", "100"));
        await GatewayHttp.PostAsync(Client(factory, KeyA), Body);
        await GatewayHttp.PostAsync(Client(factory, KeyB), Body);

        var response = await Client(factory, KeyA).GetAsync(
            "/v1/usage?from=2026-03-01&to=2026-03-10",
            TestContext.Current.CancellationToken);
        var root = await GatewayHttp.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.00075m, root.GetProperty("total_cost_usd").GetDecimal());
        Assert.Equal(1, root.GetProperty("requests").GetInt64());
        Assert.Equal(0, root.GetProperty("cache_hits").GetInt64());
        Assert.Equal(0m, root.GetProperty("saved_cost_usd").GetDecimal());
        var day = root.GetProperty("by_day").EnumerateArray().Single();
        Assert.Equal("2026-03-10", day.GetProperty("date").GetString());
        Assert.Equal(1000, day.GetProperty("input_tokens").GetInt64());
        Assert.Equal(1000, day.GetProperty("output_tokens").GetInt64());
        Assert.Equal("a", root.GetProperty("by_tenant").EnumerateArray().Single().GetProperty("tenant").GetString());
        Assert.Equal("default", root.GetProperty("by_route")[0].GetProperty("route").GetString());
        Assert.Equal("openai", root.GetProperty("by_provider")[0].GetProperty("provider").GetString());
        Assert.Equal("openai/gpt-4o-mini", root.GetProperty("by_model")[0].GetProperty("model").GetString());
        Assert.Equal(0, root.GetProperty("unpriced_models").GetArrayLength());
        var budget = root.GetProperty("budgets").EnumerateArray().Single();
        Assert.Equal("tenant:a", budget.GetProperty("scope").GetString());
        Assert.Equal("daily", budget.GetProperty("period").GetString());
        Assert.Equal(5m, budget.GetProperty("limit_usd").GetDecimal());
        Assert.Equal(0.00075m, budget.GetProperty("spent_usd").GetDecimal());
        Assert.Equal(0m, budget.GetProperty("reserved_usd").GetDecimal());
        Assert.Equal(4.99925m, budget.GetProperty("remaining_usd").GetDecimal());
    }

    [Theory]
    [InlineData("/v1/usage?from=yesterday", "from")]
    [InlineData("/v1/usage?to=2026-13-01", "to")]
    [InlineData("/v1/usage?from=2026-03-10&to=2026-03-01", "to")]
    [InlineData("/v1/usage?from=2020-01-01&to=2026-03-01", "from")]
    public async Task Usage_BadQuery_Is400NamingTheParameter(string path, string param)
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = new CostGatewayFactory(fake);

        var response = await factory.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await GatewayHttp.ReadErrorAsync(response)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Usage_TenantAsksForAnotherTenant_Is403()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = Tenants(fake);

        var response = await Client(factory, KeyA).GetAsync(
            "/v1/usage?tenant=b",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Usage_WithoutTenants_IsOpenAndEmpty()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var factory = new CostGatewayFactory(fake);

        var response = await factory.CreateClient().GetAsync("/v1/usage", TestContext.Current.CancellationToken);
        var root = await GatewayHttp.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-03-01", root.GetProperty("from").GetString());
        Assert.Equal("2026-03-10", root.GetProperty("to").GetString());
        Assert.Equal(0m, root.GetProperty("total_cost_usd").GetDecimal());
    }

    private static CostGatewayFactory Tenants(FakeProvider fake, params (string Key, string Value)[] settings) =>
        new(fake, [("Tenants:a:ApiKey", KeyA), ("Tenants:b:ApiKey", KeyB), .. settings]);

    private static HttpClient Client(CostGatewayFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
