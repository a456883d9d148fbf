using LlmAspire.Routing;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Tests.Resilience;

/// <summary>Client-side requests- and tokens-per-minute limits, in one process and shared through a real Redis.</summary>
public sealed class ProviderRateLimiterTests
{
    private const int TestTimeoutMs = 60_000;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_RequestsPerMinuteUsedUp_FailsOverWithRetryAfter()
    {
        await using var limited = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var spare = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        using var host = Host(Route(limited, spare, rpm: 2, maxWait: "00:00:00"));
        var route = host.Client("default");

        await route.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        await route.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        var context = Attach(out var options);
        await route.GetResponseAsync("3", options, TestContext.Current.CancellationToken);

        Assert.Equal(2, limited.ChatRequestCount);
        Assert.Equal(1, spare.ChatRequestCount);
        var rejected = context.Attempts[0].Error!;
        Assert.Equal("rate_limited", rejected.Type);
        Assert.Equal(TimeSpan.FromSeconds(30), rejected.RetryAfter);
        Assert.Contains("Llm:Providers:a:RequestsPerMinute", rejected.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(30));
        await route.GetResponseAsync("4", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, limited.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_WaitWithinMaxRateLimitWait_WaitsInsteadOfFailingOver()
    {
        await using var limited = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var spare = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        using var host = Host(Route(limited, spare, rpm: 1, maxWait: "00:01:00"));
        var route = host.Client("default");

        await route.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        var waiting = route.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(
            () => host.Logs.GetSnapshot().Any(r => r.Id.Id == 1203),
            "the limiter to make the call wait");
        Assert.Equal(1, limited.ChatRequestCount);
        _time.Advance(TimeSpan.FromMinutes(1));
        await waiting;

        Assert.Equal(2, limited.ChatRequestCount);
        Assert.Equal(0, spare.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_TokenEstimateCorrectedByUsage_FreesRoomForTheNextCall()
    {
        await using var limited = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var spare = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        limited.DefaultReply = FakeReply.Text("short", inputTokens: 10, outputTokens: 5);
        var settings = Route(limited, spare, rpm: null, maxWait: "00:00:00");
        settings["Providers:a:TokensPerMinute"] = "150";
        using var host = Host(settings);
        var route = host.Client("default");
        var options = new ChatOptions { MaxOutputTokens = 90 };

        await route.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);
        await route.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);
        await route.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);

        // Each call reserves about 95 tokens (its 90-token cap and the prompt) and settles to the 15 it used, so three
        // fit in 150; without the correction the second would already have failed over.
        Assert.Equal(3, limited.ChatRequestCount);
        Assert.Equal(0, spare.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_TwoPipelinesSharingRedis_EnforceOneLimit()
    {
        await using var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var limited = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var spare = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        var settings = Route(limited, spare, rpm: 4, maxWait: "00:00:00");
        using var replicaA = Host(settings, redis.ConnectionString);
        using var replicaB = Host(settings, redis.ConnectionString);

        var calls = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? replicaA : replicaB).Client("default")
            .GetResponseAsync($"call {i}", cancellationToken: TestContext.Current.CancellationToken));
        await Task.WhenAll(calls);

        Assert.Equal(4, limited.ChatRequestCount);
        Assert.Equal(6, spare.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_RedisStopped_LimitFallsBackToThisProcess()
    {
        var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var limited = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var spare = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        using var host = Host(Route(limited, spare, rpm: 2, maxWait: "00:00:00"), redis.ConnectionString);
        var route = host.Client("default");

        await route.GetResponseAsync("through redis", cancellationToken: TestContext.Current.CancellationToken);
        await redis.DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            await route.GetResponseAsync(
                $"without redis {i}",
                cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, limited.ChatRequestCount);
        Assert.Equal(1, spare.ChatRequestCount);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1202);
    }

    private static LlmCallContext Attach(out ChatOptions options)
    {
        var context = new LlmCallContext();
        options = new ChatOptions();
        context.AttachTo(options);
        return context;
    }

    private LlmTestHost Host(Dictionary<string, string?> settings, string? redis = null) =>
        LlmTestHost.Create(settings, services => services.AddSingleton<TimeProvider>(_time), redis);

    private static Dictionary<string, string?> Route(FakeProvider limited, FakeProvider spare, int? rpm, string maxWait)
    {
        var settings = LlmTestHost.ProviderSettings("a", "OpenAI", limited);
        foreach (var (key, value) in LlmTestHost.ProviderSettings("b", "Ollama", spare))
        {
            settings[key] = value;
        }

        if (rpm is not null)
        {
            settings["Providers:a:RequestsPerMinute"] = rpm.ToString();
        }

        settings["Resilience:MaxRateLimitWait"] = maxWait;
        settings["Routes:default:Targets:0"] = "a/gpt";
        settings["Routes:default:Targets:1"] = "b/llama";
        return settings;
    }
}
