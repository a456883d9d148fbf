using System.Text.Json;
using LlmAspire.Routing;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmAspire.Tests.Providers;

/// <summary>Each provider kind, through its official SDK, against a fake server speaking its wire format.</summary>
public sealed class ProviderKindTests
{
    public static TheoryData<string, FakeProviderKind> Kinds => new()
    {
        { "OpenAI", FakeProviderKind.OpenAI },
        { "OpenAICompatible", FakeProviderKind.OpenAI },
        { "Anthropic", FakeProviderKind.Anthropic },
        { "Ollama", FakeProviderKind.Ollama },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task GetResponseAsync_EachKind_ReturnsTextAndUsage(string kind, FakeProviderKind fakeKind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("The answer is 42.", inputTokens: 21, outputTokens: 6));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("p", kind, fake));

        var response = await host.Client("p/some-model").GetResponseAsync(
            "What is the answer?",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("The answer is 42.", response.Text);
        Assert.Equal(21, response.Usage?.InputTokenCount);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var request = Assert.Single(fake.Requests, r => r.Method == "POST");
        Assert.Equal("some-model", request.Model);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task GetStreamingResponseAsync_EachKind_StreamsSameTextWithUsageAtEnd(
        string kind,
        FakeProviderKind fakeKind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Text("One two three four five.", inputTokens: 9, outputTokens: 5),
            FakeReply.Text("One two three four five.", inputTokens: 9, outputTokens: 5));
        var settings = LlmTestHost.ProviderSettings("p", kind, fake);

        // Both requests are identical: with the response cache on, the stream would be a replay, not the provider's.
        settings["Cache:Enabled"] = "false";
        using var host = LlmTestHost.Create(settings);
        var client = host.Client("p/m");

        var whole = await client.GetResponseAsync("count", cancellationToken: TestContext.Current.CancellationToken);
        var updates = await client.GetStreamingResponseAsync(
            "count",
            cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        var streamed = updates.ToChatResponse();

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer should arrive in several chunks");
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(9, streamed.Usage?.InputTokenCount);
        Assert.Equal(5, streamed.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.True(fake.Requests.Last(r => r.Method == "POST").Stream);
    }

    [Theory]
    [InlineData("OpenAI", FakeProviderKind.OpenAI)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic)]
    public async Task GetResponseAsync_CachedPromptTokens_ReportedAsCachedInput(string kind, FakeProviderKind fakeKind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("cached", inputTokens: 1000, outputTokens: 3).WithCachedInputTokens(800));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("p", kind, fake));

        var response = await host.Client("p/m").GetResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(800, response.Usage?.CachedInputTokenCount);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task GetResponseAsync_ToolCall_SurfacesAsFunctionCallWithArguments(
        string kind,
        FakeProviderKind fakeKind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.ToolCall("get_weather", """{"city":"Oslo"}""", id: "call_1"));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("p", kind, fake));
        var tool = AIFunctionFactory.Create((string city) => "sunny", "get_weather");

        var response = await host.Client("p/m").GetResponseAsync(
            "weather?",
            new ChatOptions { Tools = [tool] },
            TestContext.Current.CancellationToken);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", call.Arguments?["city"]?.ToString());
        Assert.Contains("get_weather", fake.Requests.Last(r => r.Method == "POST").Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task GetResponseAsync_ServerError_SdkDoesNotRetryOnItsOwn(string kind, FakeProviderKind fakeKind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Error(503, "overloaded"),
            FakeReply.Error(503, "overloaded"),
            FakeReply.Error(503, "overloaded"));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("p", kind, fake));

        var error = await Assert.ThrowsAsync<LlmRouteException>(
            () => host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Equal("http_503", error.LastError?.Type);
        Assert.True(error.LastError?.IsTransient);
    }

    [Theory]
    [InlineData("OpenAI", FakeProviderKind.OpenAI)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic)]
    public async Task GetResponseAsync_ApiKey_SentToProviderButNeverLogged(string kind, FakeProviderKind fakeKind)
    {
        const string Key = "sk-very-secret-key-987";
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Error(401, $"Incorrect API key provided: {Key}"));
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("p", kind, fake, Key));

        var error = await Assert.ThrowsAsync<LlmRouteException>(
            () => host.Client("p/m").GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        var headers = fake.Requests.Single().Headers;
        Assert.Contains(headers, h => h.Value.Contains(Key, StringComparison.Ordinal));
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.All(
            host.Logs.GetSnapshot(),
            r => Assert.DoesNotContain(Key, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_OpenAICompatibleWithoutKey_Works()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        using var host = LlmTestHost.Create(new Dictionary<string, string?>
        {
            ["Providers:vllm:Kind"] = "OpenAICompatible",
            ["Providers:vllm:Endpoint"] = fake.Endpoint.ToString(),
        });

        var response = await host.Client("vllm/qwen").GetResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrEmpty(response.Text));
    }

    [Fact]
    public async Task GetResponseAsync_AnthropicWithoutMaxTokens_SendsDefaultCap()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        using var host = LlmTestHost.Create(LlmTestHost.ProviderSettings("claude", "Anthropic", fake));

        await host.Client("claude/claude-sonnet-4-5").GetResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        using var body = JsonDocument.Parse(fake.Requests.Single().Body);
        Assert.Equal(4096, body.RootElement.GetProperty("max_tokens").GetInt32());
    }
}
