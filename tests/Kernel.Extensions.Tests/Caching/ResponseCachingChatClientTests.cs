using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmAspire.Caching;
using LlmAspire.Routing;
using LlmAspire.Telemetry;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Tests.Caching;

public sealed class ResponseCachingChatClientTests
{
    private const string Prompt = "What is the capital of France?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_SameRequestTwice_SecondIsHitWithoutUpstreamCall()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris.", inputTokens: 12, outputTokens: 3);
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var (first, firstContext) = await AskAsync(client);
        var (second, secondContext) = await AskAsync(client);

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, firstContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Hit, secondContext.CacheStatus);
        Assert.Equal("Paris.", second.Text);
        Assert.Equal(first.FinishReason, second.FinishReason);
        Assert.Equal(first.Usage!.InputTokenCount, second.Usage!.InputTokenCount);
        Assert.Equal(first.Usage.OutputTokenCount, second.Usage.OutputTokenCount);
        Assert.Equal(
            ("default", "openai", "gpt-4o-mini"),
            (secondContext.Route, secondContext.Provider, secondContext.Model));
        Assert.Empty(secondContext.Attempts);
    }

    [Fact]
    public async Task GetResponseAsync_TwentyConcurrentIdenticalRequests_OneUpstreamCall()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris.").WithDelay(TimeSpan.FromMilliseconds(200));
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AskAsync(client)));

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.All(answers, a => Assert.Equal("Paris.", a.Response.Text));
        Assert.Single(answers, a => a.Context.CacheStatus == LlmCacheStatus.Miss);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TwentyConcurrentIdenticalStreams_OneUpstreamCall()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris is the capital of France.").WithDelay(TimeSpan.FromMilliseconds(200));
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StreamAsync(client)));

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.All(answers, a => Assert.Equal("Paris is the capital of France.", a.Response.Text));
        Assert.All(answers, a => Assert.Equal(ChatFinishReason.Stop, a.Response.FinishReason));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReplayedStream_EqualsOriginalTextFinishReasonAndUsage()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris is the capital of France.", inputTokens: 14, outputTokens: 8);
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var (original, originalContext) = await StreamAsync(client);
        var (replayed, replayedContext) = await StreamAsync(client);

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, originalContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Hit, replayedContext.CacheStatus);
        Assert.Equal(original.Text, replayed.Text);
        Assert.Equal(ChatFinishReason.Stop, replayed.FinishReason);
        Assert.Equal(original.FinishReason, replayed.FinishReason);
        Assert.Equal(14, replayed.Usage!.InputTokenCount);
        Assert.Equal(8, replayed.Usage.OutputTokenCount);
        Assert.Equal(original.Usage!.TotalTokenCount, replayed.Usage.TotalTokenCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetStreamingResponseAsync_StreamCutOrEndedWithoutFinishReason_IsNotStored(bool cut)
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        var whole = FakeReply.Text("Paris is the capital of France.");
        fake.Enqueue(cut ? whole.CutStreamAfter(2) : whole.TruncateStreamAfter(2));
        fake.DefaultReply = whole;
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        await Assert.ThrowsAnyAsync<Exception>(() => StreamAsync(client));
        var (retried, context) = await StreamAsync(client);

        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, context.CacheStatus);
        Assert.Equal("Paris is the capital of France.", retried.Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerStopsReadingEarly_LaterCallerStillGetsWholeAnswer()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris is the capital of France.");
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        await foreach (var update in client.GetStreamingResponseAsync(Prompt, new ChatOptions(), Ct))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        var (answer, _) = await StreamAsync(client);

        Assert.Equal("Paris is the capital of France.", answer.Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetResponseAsync_StoredByTheOtherMode_ServesBothStreamingAndNot(bool storeStreamed)
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris.");
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var stored = storeStreamed ? await StreamAsync(client) : await AskAsync(client);
        var served = storeStreamed ? await AskAsync(client) : await StreamAsync(client);

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Hit, served.Context.CacheStatus);
        Assert.Equal(stored.Response.Text, served.Response.Text);
        Assert.Equal(ChatFinishReason.Stop, served.Response.FinishReason);
        Assert.Equal(stored.Response.Usage!.OutputTokenCount, served.Response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallAnswer_IsCachedWithItsCall()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.ToolCall("get_weather", "{\"city\":\"Paris\"}", id: "call_1");
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client);
        var (second, context) = await AskAsync(client);

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Hit, context.CacheStatus);
        Assert.Equal(ChatFinishReason.ToolCalls, second.FinishReason);
        var call = Assert.Single(second.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_weather"), (call.CallId, call.Name));
    }

    [Fact]
    public async Task GetResponseAsync_NoCache_SkipsLookupAndRefreshesEntry()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.Enqueue(FakeReply.Text("old"), FakeReply.Text("new"));
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client);
        var (refreshed, refreshContext) = await AskAsync(
            client,
            o => o.AdditionalProperties = new() { [LlmCacheOptions.NoCacheKey] = true });
        var (after, afterContext) = await AskAsync(client);

        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Bypass, refreshContext.CacheStatus);
        Assert.Equal("new", refreshed.Text);
        Assert.Equal(LlmCacheStatus.Hit, afterContext.CacheStatus);
        Assert.Equal("new", after.Text);
        Assert.All(fake.Requests, r => Assert.DoesNotContain("llmaspire.cache", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_NoStore_AnswerIsNotWritten()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);

        var (_, noStoreContext) = await AskAsync(
            client,
            o => o.AdditionalProperties = new() { [LlmCacheOptions.NoStoreKey] = true });
        var (_, nextContext) = await AskAsync(client);

        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, noStoreContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Miss, nextContext.CacheStatus);
    }

    [Fact]
    public async Task GetResponseAsync_AnswerOverMaxEntryBytes_IsNotStored()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text(new string('x', 3000));
        using var host = CachingTestHost.Create(
            fake,
            settings: new Dictionary<string, string?> { ["Cache:MaxEntryBytes"] = "2048" });
        var client = host.Client(CachingTestHost.Route);

        var (first, _) = await AskAsync(client);
        var (_, secondContext) = await AskAsync(client);

        Assert.Equal(3000, first.Text.Length);
        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, secondContext.CacheStatus);
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("00:02:00", 2)]
    public async Task GetResponseAsync_EntryOlderThanTtl_IsMissAgain(string? routeTtl, int ttlMinutes)
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>
        {
            ["Cache:Ttl"] = "00:10:00",
            ["Routes:default:Cache:Ttl"] = routeTtl
        };
        using var host = CachingTestHost.Create(fake, time, settings: settings);
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client);
        time.Advance(TimeSpan.FromMinutes(ttlMinutes) - TimeSpan.FromSeconds(1));
        var (_, beforeContext) = await AskAsync(client);
        time.Advance(TimeSpan.FromSeconds(2));
        var (_, afterContext) = await AskAsync(client);

        Assert.Equal(LlmCacheStatus.Hit, beforeContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Miss, afterContext.CacheStatus);
        Assert.Equal(2, fake.ChatRequestCount);
    }

    [Theory]
    [InlineData(0.7f, null, false, LlmCacheStatus.Bypass)]
    [InlineData(0.7f, 42L, false, LlmCacheStatus.Hit)]
    [InlineData(0.7f, null, true, LlmCacheStatus.Hit)]
    [InlineData(0f, null, false, LlmCacheStatus.Hit)]
    public async Task GetResponseAsync_TemperatureAboveZero_CachedOnlyWithSeedOrOptIn(
        float temperature,
        long? seed,
        bool cacheNonDeterministic,
        LlmCacheStatus expected)
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        var settings = new Dictionary<string, string?>
        {
            ["Cache:CacheNonDeterministic"] = cacheNonDeterministic.ToString()
        };
        using var host = CachingTestHost.Create(fake, settings: settings);
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client, o => (o.Temperature, o.Seed) = (temperature, seed));
        var (_, context) = await AskAsync(client, o => (o.Temperature, o.Seed) = (temperature, seed));

        Assert.Equal(expected, context.CacheStatus);
    }

    [Fact]
    public async Task GetResponseAsync_CacheDisabled_EveryRequestGoesUpstream()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        using var host = CachingTestHost.Create(
            fake,
            settings: new Dictionary<string, string?> { ["Cache:Enabled"] = "false" });
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client);
        var (_, context) = await AskAsync(client);

        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Null(context.CacheStatus);
    }

    [Fact]
    public async Task GetResponseAsync_Results_CountedOnTheMeterByResult()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        using var host = CachingTestHost.Create(
            fake,
            settings: new Dictionary<string, string?> { ["Routes:metered:Targets:0"] = "openai/gpt-4o-mini" });
        var client = host.Client("metered");
        var results = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmAspireTelemetry.SourceName && instrument.Name == "llmaspire.cache.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var route = tags.ToArray().FirstOrDefault(t => t.Key == "llmaspire.route").Value as string;
            if (route == "metered")
            {
                lock (results)
                {
                    results.Add((string)tags.ToArray().First(t => t.Key == "llmaspire.cache.result").Value!);
                }
            }
        });
        listener.Start();

        await AskAsync(client);
        await AskAsync(client);
        await AskAsync(client, o => o.Temperature = 1);

        Assert.Equal(["miss", "hit", "bypass"], results);
    }

    [Fact]
    public async Task GetResponseAsync_CurrentActivity_TaggedWithCacheResult()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        using var host = CachingTestHost.Create(fake);
        var client = host.Client(CachingTestHost.Route);
        using var source = new ActivitySource("LlmAspire.Tests.Caching");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using (var miss = source.StartActivity("first"))
        {
            await AskAsync(client);
            Assert.Equal("miss", miss!.GetTagItem("llmaspire.cache.result"));
        }

        using var hit = source.StartActivity("second");
        await AskAsync(client);
        Assert.Equal("hit", hit!.GetTagItem("llmaspire.cache.result"));
    }

    [Fact]
    public async Task GetResponseAsync_PromptAndAnswer_NeverLogged()
    {
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Secret answer text.");
        using var host = CachingTestHost.Create(
            fake,
            settings: new Dictionary<string, string?> { ["Cache:MaxEntryBytes"] = "1024" });
        var client = host.Client(CachingTestHost.Route);

        await AskAsync(client);
        await AskAsync(client);
        await AskAsync(client, o => o.Temperature = 1);

        var logs = host.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Id.Id == 3001 && r.Level == LogLevel.Debug);
        Assert.DoesNotContain(logs, r => r.Message.Contains(Prompt, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("Secret answer", StringComparison.Ordinal));
    }

    private static async Task<(ChatResponse Response, LlmCallContext Context)> AskAsync(
        IChatClient client,
        Action<ChatOptions>? configure = null)
    {
        var (options, context) = NewOptions(configure);
        var response = await client.GetResponseAsync(Prompt, options, Ct);
        return (response, context);
    }

    private static async Task<(ChatResponse Response, LlmCallContext Context)> StreamAsync(
        IChatClient client,
        Action<ChatOptions>? configure = null)
    {
        var (options, context) = NewOptions(configure);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Prompt, options, Ct))
        {
            updates.Add(update);
        }

        return (updates.ToChatResponse(), context);
    }

    private static (ChatOptions Options, LlmCallContext Context) NewOptions(Action<ChatOptions>? configure)
    {
        var options = new ChatOptions();
        configure?.Invoke(options);
        var context = new LlmCallContext();
        context.AttachTo(options);
        return (options, context);
    }
}
