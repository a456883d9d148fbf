using LlmAspire.Caching;
using LlmAspire.Routing;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Tests.Caching;

/// <summary>The response cache with a real redis-server as its second level.</summary>
public sealed class RedisResponseCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_TwoServiceProviders_ShareEntriesThroughRedis()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        fake.DefaultReply = FakeReply.Text("Paris.");
        using var first = CachingTestHost.Create(fake, redisConnectionString: redis.ConnectionString);
        using var second = CachingTestHost.Create(fake, redisConnectionString: redis.ConnectionString);

        var (_, firstContext) = await AskAsync(first.Client(CachingTestHost.Route), "Capital of France?");

        // The second level is written behind the first caller's answer; wait for it to land in Redis.
        using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var server = connection.GetServers()[0];
            await FakeClock.UntilAsync(() => server.Keys(pattern: "*").Any(), "the entry to reach Redis");
        }

        var (answer, secondContext) = await AskAsync(second.Client(CachingTestHost.Route), "Capital of France?");

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal(LlmCacheStatus.Miss, firstContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Hit, secondContext.CacheStatus);
        Assert.Equal("Paris.", answer.Text);
        Assert.Equal("openai", secondContext.Provider);
        Assert.DoesNotContain(first.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task GetResponseAsync_RedisStoppedMidRun_RequestsStillAnsweredWithWarning()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        using var host = CachingTestHost.Create(fake, redisConnectionString: redis.ConnectionString);
        var client = host.Client(CachingTestHost.Route);
        await AskAsync(client, "first");

        await redis.StopAsync();
        var (fresh, freshContext) = await AskAsync(client, "second");
        var (again, againContext) = await AskAsync(client, "second");
        var (remembered, rememberedContext) = await AskAsync(client, "first");

        Assert.False(string.IsNullOrEmpty(fresh.Text));
        Assert.Equal(LlmCacheStatus.Miss, freshContext.CacheStatus);
        Assert.Equal(LlmCacheStatus.Hit, againContext.CacheStatus);
        Assert.Equal(fresh.Text, again.Text);
        Assert.Equal(LlmCacheStatus.Hit, rememberedContext.CacheStatus);
        Assert.False(string.IsNullOrEmpty(remembered.Text));
        Assert.Equal(2, fake.ChatRequestCount);
        await FakeClock.UntilAsync(
            () => host.Logs.GetSnapshot().Any(r => r.Id.Id == 3010 && r.Level == LogLevel.Warning),
            "the warning that Redis is unreachable");
    }

    private static async Task<(ChatResponse Response, LlmCallContext Context)> AskAsync(
        IChatClient client,
        string prompt)
    {
        var options = new ChatOptions();
        var context = new LlmCallContext();
        context.AttachTo(options);
        var response = await client.GetResponseAsync(prompt, options, Ct);
        return (response, context);
    }
}
