using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmAspire.Benchmarks;

/// <summary>An in-process chat client that answers at once with a prebuilt response, so only the stages are measured.</summary>
internal sealed class InstantChatClient : IChatClient
{
    private static readonly ChatResponse Response = new(
        new ChatMessage(ChatRole.Assistant, "Hello from the benchmark."))
    {
        FinishReason = ChatFinishReason.Stop,
        ModelId = "bench-model",
        Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 7, TotalTokenCount = 19 },
    };

    private static readonly ChatResponseUpdate[] Updates =
    [
        new(ChatRole.Assistant, "Hello "),
        new(ChatRole.Assistant, "from the "),
        new(ChatRole.Assistant, "benchmark."),
        new()
        {
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 7 })]
        },
    ];

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(Response);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in Updates)
        {
            yield return update;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
