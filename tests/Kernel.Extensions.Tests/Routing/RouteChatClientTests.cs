using LlmAspire.Routing;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire.Tests.Routing;

public sealed class RouteChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_FirstTargetFails_NextTargetAnswersAndContextListsBoth()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(503, "down"));
        second.Enqueue(FakeReply.Text("from anthropic"));
        using var host = TwoTargetRoute(first, second);
        var context = new LlmCallContext();
        var options = new ChatOptions();
        context.AttachTo(options);

        var response = await host.Client("default").GetResponseAsync(
            "hi",
            options,
            TestContext.Current.CancellationToken);

        Assert.Equal("from anthropic", response.Text);
        Assert.Equal("default", context.Route);
        Assert.Equal("b", context.Provider);
        Assert.Equal("claude", context.Model);
        Assert.Collection(
            context.Attempts,
            a => { Assert.Equal("a/gpt", a.Target); Assert.Equal("http_503", a.Error?.Type); },
            a => { Assert.Equal("b/claude", a.Target); Assert.Null(a.Error); });
    }

    [Fact]
    public async Task GetResponseAsync_CallContext_NeverSentToProvider()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        using var host = TwoTargetRoute(first, second, firstKind: "Ollama");
        var options = new ChatOptions();
        new LlmCallContext().AttachTo(options);

        await host.Client("default").GetResponseAsync("hi", options, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(LlmCallContext.OptionsKey, first.Requests.Single().Body, StringComparison.Ordinal);
        Assert.True(LlmCallContext.TryGet(options, out _), "the caller's options keep the context");
    }

    [Fact]
    public async Task GetResponseAsync_BadRequest_DoesNotFailOver()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(400, "messages: too long"));
        using var host = TwoTargetRoute(first, second);

        var error = await Assert.ThrowsAsync<LlmRouteException>(
            () => host.Client("default").GetResponseAsync(
                "hi",
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(error.IsCallerError);
        Assert.Contains("too long", error.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(0, second.ChatRequestCount);
    }

    [Fact]
    public async Task GetResponseAsync_EveryTargetFails_ThrowsListingEachAttempt()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(429, "slow down"));
        second.Enqueue(FakeReply.Error(529, "overloaded"));
        using var host = TwoTargetRoute(first, second);

        var error = await Assert.ThrowsAsync<LlmRouteException>(
            () => host.Client("default").GetResponseAsync(
                "hi",
                cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(["a/gpt", "b/claude"], error.Attempts.Select(a => a.Target));
        Assert.Equal(["http_429", "http_529"], error.Attempts.Select(a => a.Error?.Type));
        Assert.Contains("a/gpt: http_429", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenAI", FakeProviderKind.OpenAI, true)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic, true)]
    [InlineData("Ollama", FakeProviderKind.Ollama, true)]
    [InlineData("OpenAI", FakeProviderKind.OpenAI, false)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic, false)]
    [InlineData("Ollama", FakeProviderKind.Ollama, false)]
    public async Task GetStreamingResponseAsync_CutBeforeFirstChunk_FailsOverSilently(
        string kind,
        FakeProviderKind fakeKind,
        bool connectionReset)
    {
        await using var first = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        var reply = FakeReply.Text("never delivered");
        first.Enqueue(connectionReset ? reply.CutStreamAfter(0) : reply.TruncateStreamAfter(0));
        second.Enqueue(FakeReply.Text("complete answer"));
        using var host = TwoTargetRoute(first, second, firstKind: kind);

        var updates = await host.Client("default").GetStreamingResponseAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("complete answer", updates.ToChatResponse().Text);
    }

    [Theory]
    [InlineData("OpenAI", FakeProviderKind.OpenAI, true)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic, true)]
    [InlineData("Ollama", FakeProviderKind.Ollama, true)]
    [InlineData("OpenAI", FakeProviderKind.OpenAI, false)]
    [InlineData("Anthropic", FakeProviderKind.Anthropic, false)]
    [InlineData("Ollama", FakeProviderKind.Ollama, false)]
    public async Task GetStreamingResponseAsync_CutAfterFirstChunk_EndsWithErrorNotTruncatedSuccess(
        string kind,
        FakeProviderKind fakeKind,
        bool connectionReset)
    {
        await using var first = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        var reply = FakeReply.Text("one two three four five six");
        first.Enqueue(connectionReset ? reply.CutStreamAfter(2) : reply.TruncateStreamAfter(2));
        using var host = TwoTargetRoute(first, second, firstKind: kind);
        var received = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<LlmRouteException>(async () =>
        {
            await foreach (var update in host.Client("default").GetStreamingResponseAsync(
                "hi",
                cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update);
            }
        });

        Assert.Contains(received, u => u.Text.Length > 0);
        Assert.Equal(0, second.ChatRequestCount);
        Assert.Equal("a/gpt", error.Attempts.Single().Target);
        Assert.True(error.LastError?.IsTransient);
    }

    [Fact]
    public async Task Catalog_ListsRoutesAndTargetsAndResolvesBoth()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        using var host = TwoTargetRoute(first, second);
        var catalog = host.Services.GetRequiredService<LlmCatalog>();

        Assert.Equal(["default"], catalog.Routes);
        Assert.Equal(["a/gpt", "b/claude"], catalog.Targets.Select(t => t.Name));
        Assert.True(catalog.TryGetChatClient("default", out _));
        Assert.True(catalog.TryGetChatClient("a/another-model", out _));
        Assert.False(catalog.TryGetChatClient("nope", out _));
        Assert.False(catalog.TryGetChatClient("unknown/model", out _));
    }

    private static LlmTestHost TwoTargetRoute(FakeProvider first, FakeProvider second, string firstKind = "OpenAI")
    {
        var settings = LlmTestHost.ProviderSettings("a", firstKind, first);
        foreach (var (key, value) in LlmTestHost.ProviderSettings("b", "Anthropic", second))
        {
            settings[key] = value;
        }

        settings["Routes:default:Targets:0"] = "a/gpt";
        settings["Routes:default:Targets:1"] = "b/claude";
        return LlmTestHost.Create(settings);
    }
}
