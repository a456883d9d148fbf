using LlmAspire.Configuration;
using LlmAspire.Costs.Internal;
using LlmAspire.Routing;
using LlmAspire.Telemetry.Internal;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAspire.Tests.Costs;

public sealed class CostMeterTests
{
    [Fact]
    public async Task CostCounter_RecordsUsdWithProviderModelRouteTenantAndPriced()
    {
        using var collector = new MetricCollector<double>(LlmAspireMetrics.Meter, "llmaspire.cost");
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("ok", inputTokens: 1_000_000, outputTokens: 0));
        var settings = LlmTestHost.ProviderSettings("openai", "OpenAI", fake);
        settings["Routes:metered:Targets:0"] = "openai/gpt-4.1-nano";
        using var host = LlmTestHost.Create(settings);

        await CostTestKit.CallAsync(host.Client("metered"), tenant: "team-x");

        var measurement = Assert.Single(
            collector.GetMeasurementSnapshot(),
            m => Equals(m.Tags["llmaspire.route"], "metered"));
        Assert.Equal(0.10, measurement.Value, 6);
        Assert.Equal("openai", measurement.Tags["gen_ai.provider.name"]);
        Assert.Equal("gpt-4.1-nano", measurement.Tags["gen_ai.request.model"]);
        Assert.Equal("team-x", measurement.Tags["llmaspire.tenant"]);
        Assert.Equal(true, measurement.Tags["llmaspire.priced"]);
    }

    [Fact]
    public async Task CacheHit_NoUpstreamAttempt_CostsNothingAndCountsSavedSpend()
    {
        var options = new LlmOptions();
        options.Providers["openai"] = new LlmProviderOptions { Kind = LlmProviderKind.OpenAI };
        var ledger = new MemoryUsageLedger();
        var meter = new CostMeter(options, ledger, NullLogger.Instance);
        var cached = new CachedAnswerChatClient();
        using var client = new UsageChatClient(cached, "default", isRoute: true, meter, TimeProvider.System);

        var (_, context) = await CostTestKit.CallAsync(client);

        Assert.Equal(0m, context.CostUsd);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = UsageReportBuilder.Build(
            day,
            day,
            null,
            await ledger.ReadAsync(day, day, null, TestContext.Current.CancellationToken),
            []);
        Assert.Equal(1, report.CacheHits);
        Assert.Equal(1, report.Requests);
        Assert.Equal(0.0025m, report.SavedCostUsd);
    }

    /// <summary>Answers as a response cache does: a context naming the target, no attempt, the original usage.</summary>
    private sealed class CachedAnswerChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            Assert.True(LlmCallContext.TryGet(options, out var context));
            context.Provider = "openai";
            context.Model = "gpt-4o";
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "cached"))
            {
                Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 0 },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
