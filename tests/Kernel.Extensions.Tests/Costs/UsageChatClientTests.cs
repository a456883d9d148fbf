using LlmAspire.Costs;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire.Tests.Costs;

public sealed class UsageChatClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_CachedTokens_BilledAtCachedRate(bool stream)
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("ok", inputTokens: 1000, outputTokens: 500).WithCachedInputTokens(400));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("openai", "OpenAI", fake));

        var context = await Call(host, "openai/gpt-4o-2024-08-06", stream);

        // 600 uncached x 2.50 + 400 cached x 1.25 + 500 output x 10.00, per million.
        Assert.Equal(0.007m, context.CostUsd);
        var report = await Today(host);
        Assert.Equal(0.007m, report.TotalCostUsd);
        Assert.Equal(1000, report.ByModel.Single().InputTokens);
        Assert.Equal(500, report.ByModel.Single().OutputTokens);
        Assert.Empty(report.UnpricedModels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Anthropic_CacheReadsAndWrites_BilledAtTheirRates(bool stream)
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Text("ok", inputTokens: 4000, outputTokens: 200)
                .WithCachedInputTokens(1000)
                .WithCacheWriteTokens(2000));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("anthropic", "Anthropic", fake));

        var context = await Call(host, "anthropic/claude-sonnet-4-5-20250929", stream);

        // 1000 uncached x 3.00 + 1000 cache reads x 0.30 + 2000 cache writes x 3.75 + 200 output x 15.00, per million.
        Assert.Equal(0.0138m, context.CostUsd);
        Assert.Equal(4000, (await Today(host)).InputTokens());
    }

    [Fact]
    public async Task Ollama_Unpriced_IsFree()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("ok", inputTokens: 1000, outputTokens: 1000));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("ollama", "Ollama", fake));

        var context = await Call(host, "ollama/llama3.2", stream: false);

        Assert.Equal(0m, context.CostUsd);
        Assert.Empty((await Today(host)).UnpricedModels);
    }

    [Theory]
    [InlineData(FakeProviderKind.Ollama, "Ollama", "llama3.2", "0.0003")]
    [InlineData(FakeProviderKind.OpenAI, "OpenAI", "gpt-4o-mini", "0.0003")]
    public async Task ConfiguredPrice_PricesLocalModelsAndOverridesShippedTable(
        FakeProviderKind fakeKind,
        string kind,
        string model,
        string expected)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("ok", inputTokens: 1000, outputTokens: 1000));
        var settings = LlmTestHost.ProviderSettings("p", kind, fake);
        settings[$"Pricing:{model}:InputPerMillion"] = "0.10";
        settings[$"Pricing:{model}:OutputPerMillion"] = "0.20";
        using var host = LlmTestHost.Create(settings);

        var context = await Call(host, $"p/{model}", stream: false);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), context.CostUsd);
    }

    [Fact]
    public async Task UnknownOpenAIModel_ReportedUnpricedAndLoggedOnce()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("openai", "OpenAI", fake));

        await Call(host, "openai/gpt-unknown-9", stream: false);
        var context = await Call(host, "openai/gpt-unknown-9", stream: false);

        Assert.Equal(0m, context.CostUsd);
        var report = await Today(host);
        Assert.Equal(["openai/gpt-unknown-9"], report.UnpricedModels);
        Assert.Equal(2, report.Requests);
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 4001);
    }

    [Fact]
    public async Task ConcurrentCalls_LedgerEqualsSumOfReportedUsage()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("ok", inputTokens: 37, outputTokens: 11);
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("openai", "OpenAI", fake));
        var client = host.Client("openai/gpt-4o-mini");

        await Task.WhenAll(
            Enumerable.Range(0, 300).Select(i => CostTestKit.CallAsync(client, tenant: i % 2 == 0 ? "a" : "b")));

        var report = await Today(host);
        Assert.Equal(300, report.Requests);
        Assert.Equal(300 * 37, report.InputTokens());
        Assert.Equal(300 * 11, report.ByModel.Single().OutputTokens);
        Assert.Equal(300 * ((37 * 0.15m) + (11 * 0.60m)) / 1_000_000m, report.TotalCostUsd);
        Assert.Equal([150L, 150L], report.ByTenant.Select(t => t.Requests));
    }

    [Fact]
    public async Task Logs_NeverContainPromptOrCompletion()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("secret-completion-text"));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("openai", "OpenAI", fake));

        await CostTestKit.CallAsync(host.Client("openai/gpt-unknown-model"), prompt: "secret-prompt-text");

        var costLogs = host.Logs.GetSnapshot().Where(r => r.Category == "LlmAspire.Costs").ToList();
        Assert.NotEmpty(costLogs);
        Assert.All(costLogs, r => Assert.DoesNotContain("secret-", r.Message, StringComparison.Ordinal));
    }

    private static async Task<LlmAspire.Routing.LlmCallContext> Call(LlmTestHost host, string target, bool stream) =>
        stream
            ? await CostTestKit.StreamAsync(host.Client(target))
            : (await CostTestKit.CallAsync(host.Client(target))).Context;

    private static Task<LlmUsageReport> Today(LlmTestHost host) =>
        host.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
            cancellationToken: TestContext.Current.CancellationToken);
}
