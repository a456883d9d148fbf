using System.Net;
using System.Text;
using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Testing;

namespace LlmAspire.Api.Tests.Caching;

/// <summary>The response cache as gateway clients see it: <c>x-llm-*</c> headers and <c>Cache-Control</c>.</summary>
public sealed class ResponseCacheHeadersTests : IAsyncLifetime
{
    private const string Body = """{"model":"default","messages":[{"role":"user","content":"Capital of France?"}]}""";
    private const string StreamBody = """{"model":"default","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Capital of France?"}]}""";

    private FakeProvider _fake = null!;
    private ProviderGatewayFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, TestContext.Current.CancellationToken);
        _fake.DefaultReply = FakeReply.Text("Paris.", inputTokens: 11, outputTokens: 2);
        _factory = new ProviderGatewayFactory(_fake);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task ChatCompletions_SameRequestTwice_MissThenHitWithCachedProviderAndNoAttempts()
    {
        var client = _factory.CreateClient();

        using var first = await PostAsync(client, Body);
        using var second = await PostAsync(client, Body);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("miss", Header(first, "x-llm-cache"));
        Assert.Equal("1", Header(first, "x-llm-attempts"));
        Assert.Equal("hit", Header(second, "x-llm-cache"));
        Assert.Equal("0", Header(second, "x-llm-attempts"));
        Assert.Equal("openai", Header(second, "x-llm-provider"));
        Assert.Equal("gpt-4o-mini", Header(second, "x-llm-model"));
        Assert.Equal("default", Header(second, "x-llm-route"));
        var answer = await GatewayHttp.ReadJsonAsync(second);
        Assert.Equal(
            "Paris.",
            answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(11, answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task ChatCompletions_CacheControlNoCache_BypassesLookupAndCallsProvider()
    {
        var client = _factory.CreateClient();

        using var first = await PostAsync(client, Body);
        using var second = await PostAsync(client, Body, "no-cache");

        Assert.Equal("bypass", Header(second, "x-llm-cache"));
        Assert.Equal(2, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task ChatCompletions_CacheControlNoStore_NextRequestMissesToo()
    {
        var client = _factory.CreateClient();

        using var first = await PostAsync(client, Body, "no-store");
        using var second = await PostAsync(client, Body);

        Assert.Equal("miss", Header(first, "x-llm-cache"));
        Assert.Equal("miss", Header(second, "x-llm-cache"));
        Assert.Equal(2, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task ChatCompletions_StreamAfterStream_ReplaysSseWithFinishUsageAndDone()
    {
        var client = _factory.CreateClient();

        using var first = await PostAsync(client, StreamBody);
        var original = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var second = await PostAsync(client, StreamBody);
        var replayed = await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("hit", Header(second, "x-llm-cache"));
        Assert.Equal("text/event-stream", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, _fake.ChatRequestCount);
        Assert.Equal(Summarize(original), Summarize(replayed));
        Assert.Equal(("Paris.", "stop", 11, 2), Summarize(replayed));
    }

    [Fact]
    public async Task ChatCompletions_TwoReplicasSharingRedis_SecondReplicaHits()
    {
        await using var redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var first = new ProviderGatewayFactory(_fake, redis.ConnectionString);
        await using var second = new ProviderGatewayFactory(_fake, redis.ConnectionString);

        using var miss = await PostAsync(first.CreateClient(), Body);
        using var hit = await PostAsync(second.CreateClient(), Body);

        Assert.Equal("miss", Header(miss, "x-llm-cache"));
        Assert.Equal("hit", Header(hit, "x-llm-cache"));
        Assert.Equal("openai", Header(hit, "x-llm-provider"));
        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task ChatCompletions_TemperatureAboveZero_Bypass()
    {
        var client = _factory.CreateClient();
        const string Hot =
            """{"model":"default","temperature":0.9,"messages":[{"role":"user","content":"Capital of France?"}]}""";

        using var response = await PostAsync(client, Hot);

        Assert.Equal("bypass", Header(response, "x-llm-cache"));
    }

    private static async Task<HttpResponseMessage> PostAsync(
        HttpClient client,
        string body,
        string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayHttp.ChatPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    /// <summary>The streamed text, finish reason and usage, read from the SSE events.</summary>
    private static (string Text, string? Finish, int Prompt, int Completion) Summarize(string sse)
    {
        var data = GatewayHttp.ReadSseData(sse);
        Assert.Equal("[DONE]", data[^1]);
        var text = new StringBuilder();
        string? finish = null;
        int prompt = 0, completion = 0;
        foreach (var chunk in data[..^1])
        {
            using var document = JsonDocument.Parse(chunk);
            var root = document.RootElement;
            foreach (var choice in root.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content)
                    && content.ValueKind == JsonValueKind.String)
                {
                    text.Append(content.GetString());
                }

                if (choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String)
                {
                    finish = reason.GetString();
                }
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                prompt = usage.GetProperty("prompt_tokens").GetInt32();
                completion = usage.GetProperty("completion_tokens").GetInt32();
            }
        }

        return (text.ToString(), finish, prompt, completion);
    }
}
