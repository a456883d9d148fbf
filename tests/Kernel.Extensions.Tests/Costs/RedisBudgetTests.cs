using LlmAspire.Costs;
using LlmAspire.Costs.Internal;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LlmAspire.Tests.Costs;

public sealed class RedisBudgetTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task TwoPipelines_64ConcurrentCalls_NeverExceedBudgetAndUseItUp()
    {
        await redis.FlushAsync();
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        const int maxOutput = 100;
        var estimate = (int)InputTokenEstimator.Estimate(
            "gpt-4o-mini",
            [new ChatMessage(ChatRole.User, "hello")],
            null);

        // The fake answers exactly the reserved worst case, so 20 calls fit in 20.5 calls' worth and a 21st never does.
        fake.DefaultReply = FakeReply.Text("ok", inputTokens: estimate, outputTokens: maxOutput);
        var callCost = ((estimate * 0.15m) + (maxOutput * 0.60m)) / 1_000_000m;
        var limit = callCost * 20.5m;
        using var first = Host(fake, limit);
        using var second = Host(fake, limit);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            var host = i % 2 == 0 ? first : second;
            try
            {
                await CostTestKit.CallAsync(host.Client("openai/gpt-4o-mini"), maxOutputTokens: maxOutput);
                return true;
            }
            catch (LlmBudgetExceededException)
            {
                return false;
            }
        }));

        Assert.Equal(20, results.Count(r => r));
        Assert.Equal(20, fake.ChatRequestCount);
        var budget = Assert.Single((await Report(second)).Budgets);
        Assert.Equal(20 * callCost, budget.SpentUsd);
        Assert.Equal(0m, budget.ReservedUsd);
        Assert.True(
            budget.RemainingUsd < callCost,
            $"remaining {budget.RemainingUsd} should be under one call's cost {callCost}");
    }

    [Fact]
    public async Task TwoPipelines_ConcurrentCalls_SharedLedgerLosesNothing()
    {
        await redis.FlushAsync();
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("ok", inputTokens: 37, outputTokens: 11).WithCachedInputTokens(5);
        using var first = Host(fake, limit: null);
        using var second = Host(fake, limit: null);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            CostTestKit.CallAsync(
                (i % 2 == 0 ? first : second).Client("openai/gpt-4o"),
                tenant: i % 4 < 2 ? "a" : "b")));

        var report = await Report(first);
        Assert.Equal(200, report.Requests);
        Assert.Equal(200 * 37, report.InputTokens());
        Assert.Equal(200 * ((32 * 2.50m) + (5 * 1.25m) + (11 * 10m)) / 1_000_000m, report.TotalCostUsd);
        Assert.Equal(["a", "b"], report.ByTenant.Select(t => t.Name));
        var tenantOnly = await first.Services.GetRequiredService<LlmUsageReports>()
            .GetTodayAsync("a", TestContext.Current.CancellationToken);
        Assert.Equal(100, tenantOnly.Requests);
    }

    private LlmTestHost Host(FakeProvider fake, decimal? limit)
    {
        var settings = LlmTestHost.ProviderSettings("openai", "OpenAI", fake);
        if (limit is { } usd)
        {
            settings["Budget:DailyUsd"] = usd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var connection = redis.Connect();
        return LlmTestHost.Create(settings, services => services.AddSingleton(connection));
    }

    private static Task<LlmUsageReport> Report(LlmTestHost host) =>
        host.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
            cancellationToken: TestContext.Current.CancellationToken);
}
