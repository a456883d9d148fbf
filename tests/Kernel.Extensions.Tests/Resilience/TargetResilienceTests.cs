using LlmAspire.Routing;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Tests.Resilience;

/// <summary>Retries, timeouts and circuit breaking per target, on a fake clock, against fake providers' faults.</summary>
public sealed class TargetResilienceTests
{
    // A fault in the pipeline's timing would otherwise hang the run: fake time never moves on its own.
    private const int TestTimeoutMs = 60_000;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    [Theory(Timeout = TestTimeoutMs)]
    [InlineData(FakeProviderKind.OpenAI, 408)]
    [InlineData(FakeProviderKind.OpenAI, 429)]
    [InlineData(FakeProviderKind.OpenAI, 500)]
    [InlineData(FakeProviderKind.OpenAI, 502)]
    [InlineData(FakeProviderKind.OpenAI, 503)]
    [InlineData(FakeProviderKind.OpenAI, 504)]
    [InlineData(FakeProviderKind.Anthropic, 529)]
    [InlineData(FakeProviderKind.Anthropic, 429)]
    [InlineData(FakeProviderKind.Ollama, 503)]
    public async Task GetResponseAsync_TransientStatus_RetriedOnSameTarget(FakeProviderKind kind, int status)
    {
        await using var fake = await FakeProvider.StartAsync(kind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Error(status, "try later"), FakeReply.Text("second time lucky"));
        using var host = Host(Settings(fake, kind));

        var call = host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await FakeClock.AdvancePastRetryAsync(_time, host.Logs, 1, () => fake.ChatRequestCount >= 2);
        var response = await call;

        Assert.Equal("second time lucky", response.Text);
        Assert.Equal(2, fake.ChatRequestCount);
    }

    [Theory(Timeout = TestTimeoutMs)]
    [InlineData(FakeProviderKind.OpenAI, 400)]
    [InlineData(FakeProviderKind.OpenAI, 401)]
    [InlineData(FakeProviderKind.OpenAI, 403)]
    [InlineData(FakeProviderKind.OpenAI, 404)]
    [InlineData(FakeProviderKind.OpenAI, 422)]
    [InlineData(FakeProviderKind.Anthropic, 400)]
    [InlineData(FakeProviderKind.Anthropic, 401)]
    [InlineData(FakeProviderKind.Ollama, 400)]
    [InlineData(FakeProviderKind.Ollama, 404)]
    public async Task GetResponseAsync_ClientErrorStatus_NotRetriedAndSurfacesProviderMessage(
        FakeProviderKind kind,
        int status)
    {
        await using var fake = await FakeProvider.StartAsync(kind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Error(status, "the provider explains the problem"));
        using var host = Host(Settings(fake, kind));

        var error = await Assert.ThrowsAsync<LlmRouteException>(
            () => host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Empty(FakeClock.RetryDelays(host.Logs));
        Assert.False(error.LastError!.IsTransient);
        if (kind != FakeProviderKind.Ollama || status == 400)
        {
            Assert.Contains("the provider explains the problem", error.LastError.Message, StringComparison.Ordinal);
        }
    }

    [Theory(Timeout = TestTimeoutMs)]
    [InlineData(FakeProviderKind.OpenAI)]
    [InlineData(FakeProviderKind.Anthropic)]
    [InlineData(FakeProviderKind.Ollama)]
    public async Task GetResponseAsync_RetryAfterOnFirstAndLaterAttempts_EachHonoured(FakeProviderKind kind)
    {
        await using var fake = await FakeProvider.StartAsync(kind, TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Error(429, "slow down", retryAfter: TimeSpan.FromSeconds(7)),
            FakeReply.Error(503, "busy", retryAfterMs: TimeSpan.FromMilliseconds(2500)),
            FakeReply.Text("finally"));
        using var host = Host(Settings(fake, kind));

        var call = host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        var first = await FakeClock.AdvancePastRetryAsync(_time, host.Logs, 1, () => fake.ChatRequestCount >= 2);
        var second = await FakeClock.AdvancePastRetryAsync(_time, host.Logs, 2, () => fake.ChatRequestCount >= 3);
        var response = await call;

        Assert.Equal(TimeSpan.FromSeconds(7), first);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), second);
        Assert.Equal("finally", response.Text);
        Assert.Equal(3, fake.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_NoRetryAfter_BacksOffExponentiallyWithinMaxDelay()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Error(500, "a"),
            FakeReply.Error(500, "b"),
            FakeReply.Error(500, "c"),
            FakeReply.Text("ok"));
        using var host = Host(Settings(fake, FakeProviderKind.OpenAI));

        var call = host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        var delays = new List<TimeSpan>();
        for (var i = 1; i <= 3; i++)
        {
            var attempt = i;
            delays.Add(
                await FakeClock.AdvancePastRetryAsync(_time, host.Logs, i, () => fake.ChatRequestCount >= attempt + 1));
        }

        await call;
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        Assert.True(
            delays.Sum(d => d.TotalSeconds) > 1,
            $"backoff should grow from the 1 s base: {string.Join(", ", delays)}");
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_RetryAfterLongerThanMaxDelay_FailsOverInsteadOfSleeping()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(429, "come back in two minutes", retryAfter: TimeSpan.FromMinutes(2)));
        second.Enqueue(FakeReply.Text("from the fallback"));
        using var host = Host(RouteSettings(first, second));

        var response = await host.Client("default").GetResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("from the fallback", response.Text);
        Assert.Equal(1, first.ChatRequestCount);
        Assert.Empty(FakeClock.RetryDelays(host.Logs));
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_AttemptHangs_TimesOutAndRetries()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Hang(), FakeReply.Text("after the timeout"));
        using var host = Host(Settings(fake, FakeProviderKind.OpenAI));
        var context = new LlmCallContext();
        var options = new ChatOptions();
        context.AttachTo(options);

        var call = host.Client("p/m").GetResponseAsync("hi", options, TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(() => fake.ChatRequestCount == 1, "the first request");
        _time.Advance(TimeSpan.FromSeconds(10));
        await FakeClock.AdvancePastRetryAsync(_time, host.Logs, 1, () => fake.ChatRequestCount >= 2);
        var response = await call;

        Assert.Equal("after the timeout", response.Text);
        Assert.Equal(["timeout", null], context.Attempts.Select(a => a.Error?.Type));
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetStreamingResponseAsync_NoFirstChunk_TimesOutAndRetries()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Hang(), FakeReply.Text("streamed after the timeout"));
        using var host = Host(Settings(fake, FakeProviderKind.Anthropic));

        var call = host.Client("p/m").GetStreamingResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(() => fake.ChatRequestCount == 1, "the first request");
        _time.Advance(TimeSpan.FromSeconds(5));
        await FakeClock.AdvancePastRetryAsync(_time, host.Logs, 1, () => fake.ChatRequestCount >= 2);
        var updates = await call;

        Assert.Equal("streamed after the timeout", updates.ToChatResponse().Text);
    }

    [Theory(Timeout = TestTimeoutMs)]
    [InlineData(FakeProviderKind.OpenAI)]
    [InlineData(FakeProviderKind.Anthropic)]
    [InlineData(FakeProviderKind.Ollama)]
    public async Task GetStreamingResponseAsync_StallsAfterFirstChunk_IdleTimeoutEndsWithError(FakeProviderKind kind)
    {
        await using var fake = await FakeProvider.StartAsync(kind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("one two three four").StallStreamAfter(1));
        using var host = Host(Settings(fake, kind));
        var received = new List<ChatResponseUpdate>();

        var call = Task.Run(async () =>
        {
            await foreach (var update in host.Client("p/m").GetStreamingResponseAsync(
                "hi",
                cancellationToken: TestContext.Current.CancellationToken))
            {
                lock (received)
                {
                    received.Add(update);
                }
            }
        }, TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(
            () => { lock (received) { return received.Any(u => u.Text.Length > 0); } },
            "the first chunk");

        // The idle deadline restarts when the caller asks for the next chunk, which may come just after this point;
        // so time moves in steps until the stalled stream gives up.
        await FakeClock.AdvanceUntilAsync(_time, () => call.IsCompleted, TimeSpan.FromSeconds(1), "the idle timeout");

        var error = await Assert.ThrowsAsync<LlmRouteException>(() => call);
        Assert.Equal("timeout", error.LastError?.Type);
        Assert.Contains("StreamIdleTimeout", error.LastError?.Message, StringComparison.Ordinal);
        Assert.Equal(1, fake.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_CircuitOpen_SkipsTargetThenHalfOpenProbeRestoresIt()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(503, "down"), FakeReply.Error(503, "down"));
        var settings = RouteSettings(first, second);
        settings["Resilience:MaxRetryAttempts"] = "0";
        using var host = Host(settings);
        var route = host.Client("default");

        await route.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        await route.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        var context = new LlmCallContext();
        var options = new ChatOptions();
        context.AttachTo(options);
        await route.GetResponseAsync("3", options, TestContext.Current.CancellationToken);

        Assert.Equal(2, first.ChatRequestCount);
        Assert.Equal(["circuit_open", null], context.Attempts.Select(a => a.Error?.Type));

        _time.Advance(TimeSpan.FromSeconds(31));
        first.Enqueue(FakeReply.Text("recovered"));
        var probe = await route.GetResponseAsync("4", cancellationToken: TestContext.Current.CancellationToken);
        var after = await route.GetResponseAsync("5", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("recovered", probe.Text);
        Assert.Equal(4, first.ChatRequestCount);
        Assert.Equal(3, second.ChatRequestCount);
        Assert.False(string.IsNullOrEmpty(after.Text));
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task GetResponseAsync_TotalTimeoutReached_ThrowsTimedOut()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Hang());
        var settings = RouteSettings(first, second);
        settings["Resilience:AttemptTimeout"] = "00:05:00";
        settings["Resilience:TotalTimeout"] = "00:00:20";
        using var host = Host(settings);

        var call = host.Client("default").GetResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(() => first.ChatRequestCount == 1, "the first request");
        _time.Advance(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAsync<LlmRouteException>(() => call);
        Assert.True(error.TimedOut);
        Assert.Equal(0, second.ChatRequestCount);
    }

    private LlmTestHost Host(Dictionary<string, string?> settings) =>
        LlmTestHost.Create(settings, services => services.AddSingleton<TimeProvider>(_time));

    private static Dictionary<string, string?> Settings(FakeProvider fake, FakeProviderKind kind)
    {
        var settings = LlmTestHost.ProviderSettings("p", kind.ToString(), fake);
        settings["Resilience:MaxRetryAttempts"] = "3";
        settings["Resilience:AttemptTimeout"] = "00:00:10";
        settings["Resilience:FirstChunkTimeout"] = "00:00:05";
        settings["Resilience:StreamIdleTimeout"] = "00:00:03";
        return settings;
    }

    private static Dictionary<string, string?> RouteSettings(FakeProvider first, FakeProvider second)
    {
        var settings = LlmTestHost.ProviderSettings("a", "OpenAI", first);
        foreach (var (key, value) in LlmTestHost.ProviderSettings("b", "Anthropic", second))
        {
            settings[key] = value;
        }

        settings["Resilience:MaxRetryAttempts"] = "3";
        settings["Resilience:CircuitMinimumThroughput"] = "2";
        settings["Routes:default:Targets:0"] = "a/gpt";
        settings["Routes:default:Targets:1"] = "b/claude";
        return settings;
    }
}
