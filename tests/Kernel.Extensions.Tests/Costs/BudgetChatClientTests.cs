using LlmAspire.Costs;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Tests.Costs;

public sealed class BudgetChatClientTests
{
    // gpt-4o-mini: 0.15 in, 0.60 out per million. With 1000 output tokens allowed, a "hello" call reserves about
    // 0.0006 USD and, answering 10 in / 1000 out, spends 0.0006015 USD.
    private const decimal CallCost = ((10 * 0.15m) + (1000 * 0.60m)) / 1_000_000m;

    [Fact]
    public async Task GlobalDailyBudget_Exhausted_RejectsWithRetryAfterUntilMidnight()
    {
        await using var fake = await StartFakeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 18, 0, 0, TimeSpan.Zero));
        using var host = Host(fake, time, ("Budget:DailyUsd", "0.0015"));
        var client = host.Client("openai/gpt-4o-mini");

        await CostTestKit.CallAsync(client, maxOutputTokens: 1000);
        await CostTestKit.CallAsync(client, maxOutputTokens: 1000);
        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(
            () => CostTestKit.CallAsync(client, maxOutputTokens: 1000));

        Assert.Equal("global", error.Scope);
        Assert.Equal(LlmBudgetPeriod.Daily, error.Period);
        Assert.Equal(TimeSpan.FromHours(6), error.RetryAfter);
        Assert.Equal(2, fake.ChatRequestCount);
    }

    [Fact]
    public async Task DailyBudget_NextUtcDay_AllowsCallsAgain()
    {
        await using var fake = await StartFakeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 23, 59, 0, TimeSpan.Zero));
        using var host = Host(fake, time, ("Budget:DailyUsd", "0.001"));
        var client = host.Client("openai/gpt-4o-mini");
        await CostTestKit.CallAsync(client, maxOutputTokens: 1000);
        await Assert.ThrowsAsync<LlmBudgetExceededException>(
            () => CostTestKit.CallAsync(client, maxOutputTokens: 1000));

        time.Advance(TimeSpan.FromMinutes(1));
        await CostTestKit.CallAsync(client, maxOutputTokens: 1000);

        var budgets = (await host.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
            cancellationToken: TestContext.Current.CancellationToken)).Budgets;
        Assert.Equal(CallCost, Assert.Single(budgets).SpentUsd);
    }

    [Fact]
    public async Task MonthlyBudget_RetryAfter_RunsToFirstOfNextMonth()
    {
        await using var fake = await StartFakeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 27, 12, 0, 0, TimeSpan.Zero));
        using var host = Host(fake, time, ("Budget:MonthlyUsd", "0.0001"));

        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(
            () => CostTestKit.CallAsync(host.Client("openai/gpt-4o-mini"), maxOutputTokens: 1000));

        Assert.Equal(LlmBudgetPeriod.Monthly, error.Period);
        Assert.Equal(TimeSpan.FromHours(36), error.RetryAfter);
        Assert.Equal(0, fake.ChatRequestCount);
    }

    [Fact]
    public async Task SoftThreshold_WarnsOncePerPeriod()
    {
        await using var fake = await StartFakeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var host = Host(fake, time, ("Budget:DailyUsd", "0.0050"), ("Budget:AlertThreshold", "0.2"));
        var client = host.Client("openai/gpt-4o-mini");

        for (var i = 0; i < 4; i++)
        {
            await CostTestKit.CallAsync(client, maxOutputTokens: 1000);
        }

        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 4002);

        time.Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < 2; i++)
        {
            await CostTestKit.CallAsync(client, maxOutputTokens: 1000);
        }

        Assert.Equal(2, host.Logs.GetSnapshot().Count(r => r.Id.Id == 4002));
    }

    [Fact]
    public async Task Exceeded_WithDowngrade_CheaperRouteAnswers()
    {
        await using var fake = await StartFakeAsync();
        await using var local = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        local.DefaultReply = FakeReply.Text("local answer");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var host = Host(
            fake,
            time,
            ("Budget:DailyUsd", "0.0001"),
            ("Budget:OnExceeded", "Downgrade"),
            ("Budget:DowngradeRoute", "cheap"),
            ("Providers:ollama:Kind", "Ollama"),
            ("Providers:ollama:Endpoint", local.Endpoint.ToString()),
            ("Routes:default:Targets:0", "openai/gpt-4o-mini"),
            ("Routes:cheap:Targets:0", "ollama/llama3.2"));

        var (response, context) = await CostTestKit.CallAsync(host.Client("default"), maxOutputTokens: 1000);

        Assert.Equal("local answer", response.Text);
        Assert.Equal("cheap", context.Route);
        Assert.Equal(0m, context.CostUsd);
        Assert.Equal(0, fake.ChatRequestCount);
        var report = await host.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("cheap", Assert.Single(report.ByRoute).Name);
    }

    [Fact]
    public async Task TenantBudget_Exhausted_DoesNotBlockAnotherTenant()
    {
        await using var fake = await StartFakeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var host = Host(
            fake,
            time,
            ("Tenants:a:ApiKey", "key-a"),
            ("Tenants:a:DailyUsd", "0.001"),
            ("Tenants:b:ApiKey", "key-b"),
            ("Tenants:b:DailyUsd", "0.001"));
        var client = host.Client("openai/gpt-4o-mini");

        await CostTestKit.CallAsync(client, tenant: "a", maxOutputTokens: 1000);
        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(
            () => CostTestKit.CallAsync(client, tenant: "a", maxOutputTokens: 1000));
        var (_, other) = await CostTestKit.CallAsync(client, tenant: "b", maxOutputTokens: 1000);

        Assert.Equal("tenant:a", error.Scope);
        Assert.Equal(CallCost, other.CostUsd);
    }

    [Fact]
    public async Task UpstreamFailure_ReleasesReservation()
    {
        await using var fake = await StartFakeAsync();
        fake.Enqueue(FakeReply.Error(500, "down"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var host = Host(fake, time, ("Budget:DailyUsd", "1"));

        await Assert.ThrowsAnyAsync<Exception>(
            () => CostTestKit.CallAsync(host.Client("openai/gpt-4o-mini"), maxOutputTokens: 1000));

        var budget = Assert.Single(
            (await host.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
                cancellationToken: TestContext.Current.CancellationToken)).Budgets);
        Assert.Equal(0m, budget.SpentUsd);
        Assert.Equal(0m, budget.ReservedUsd);
        Assert.Equal(1m, budget.RemainingUsd);
    }

    internal static async Task<FakeProvider> StartFakeAsync()
    {
        var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("ok", inputTokens: 10, outputTokens: 1000);
        return fake;
    }

    private static LlmTestHost Host(
        FakeProvider fake,
        FakeTimeProvider time,
        params (string Key, string Value)[] settings)
    {
        var all = LlmTestHost.ProviderSettings("openai", "OpenAI", fake);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LlmTestHost.Create(all, services => services.AddSingleton<TimeProvider>(time));
    }
}
