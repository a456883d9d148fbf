using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire.Tests.Filters;

public sealed class PromptCachingFilterTests
{
    private const string Template = "What is the capital of {{$country}}?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvokePromptAsync_SamePromptTwice_ModelCalledOnce()
    {
        var (kernel, chat) = CreateKernel();

        var first = await kernel.InvokePromptAsync(Template, new() { ["country"] = "France" }, cancellationToken: Ct);
        var second = await kernel.InvokePromptAsync(Template, new() { ["country"] = "France" }, cancellationToken: Ct);

        Assert.Equal(1, chat.Calls);
        Assert.Equal("Answer 1", first.ToString());
        Assert.Equal("Answer 1", second.ToString());
    }

    [Fact]
    public async Task InvokePromptAsync_DifferentRenderedPrompt_ModelCalledAgain()
    {
        var (kernel, chat) = CreateKernel();

        await kernel.InvokePromptAsync(Template, new() { ["country"] = "France" }, cancellationToken: Ct);
        var other = await kernel.InvokePromptAsync(Template, new() { ["country"] = "Italy" }, cancellationToken: Ct);

        Assert.Equal(2, chat.Calls);
        Assert.Equal("Answer 2", other.ToString());
    }

    [Theory]
    [InlineData(0.9, null, 2)]
    [InlineData(0.9, 7L, 1)]
    [InlineData(0.0, null, 1)]
    public async Task InvokePromptAsync_TemperatureAboveZero_CachedOnlyWithSeed(
        double temperature,
        long? seed,
        int expectedCalls)
    {
        var (kernel, chat) = CreateKernel();
        var extension = new Dictionary<string, object> { ["temperature"] = temperature };
        if (seed is not null)
        {
            extension["seed"] = seed;
        }

        var settings = new PromptExecutionSettings { ExtensionData = extension };

        await kernel.InvokePromptAsync(Template, new(settings) { ["country"] = "France" }, cancellationToken: Ct);
        await kernel.InvokePromptAsync(Template, new(settings) { ["country"] = "France" }, cancellationToken: Ct);

        Assert.Equal(expectedCalls, chat.Calls);
    }

    [Fact]
    public async Task InvokePromptAsync_ToolsEnabled_NotCached()
    {
        var (kernel, chat) = CreateKernel();
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        await kernel.InvokePromptAsync(Template, new(settings) { ["country"] = "France" }, cancellationToken: Ct);
        await kernel.InvokePromptAsync(Template, new(settings) { ["country"] = "France" }, cancellationToken: Ct);

        Assert.Equal(2, chat.Calls);
    }

    private static (Kernel Kernel, CountingChatService Chat) CreateKernel()
    {
        var chat = new CountingChatService();
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatCompletionService>(chat);
        builder.AddLlmPromptCache();
        return (builder.Build(), chat);
    }

    /// <summary>A chat service that answers "Answer N" on its N-th call.</summary>
    private sealed class CountingChatService : IChatCompletionService
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
            ChatHistory chatHistory,
            PromptExecutionSettings? executionSettings = null,
            Kernel? kernel = null,
            CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            return Task.FromResult<IReadOnlyList<ChatMessageContent>>(
                [new ChatMessageContent(AuthorRole.Assistant, $"Answer {call}")]);
        }

        public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
            ChatHistory chatHistory,
            PromptExecutionSettings? executionSettings = null,
            Kernel? kernel = null,
            CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("These tests do not stream.");
    }
}
