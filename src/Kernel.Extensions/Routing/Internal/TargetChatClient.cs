using Microsoft.Extensions.AI;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// The outer stage of one target's pipeline: pins the target's model on every call, whatever model id the caller
/// put in the options (a route name, say).
/// </summary>
internal sealed class TargetChatClient(IChatClient innerClient, LlmTarget target) : DelegatingChatClient(innerClient)
{
    public LlmTarget Target { get; } = target;

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithModel(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithModel(options), cancellationToken);

    private ChatOptions WithModel(ChatOptions? options)
    {
        if (options is null)
        {
            return new ChatOptions { ModelId = Target.Model };
        }

        if (options.ModelId == Target.Model)
        {
            return options;
        }

        var copy = options.Clone();
        copy.ModelId = Target.Model;
        return copy;
    }
}
