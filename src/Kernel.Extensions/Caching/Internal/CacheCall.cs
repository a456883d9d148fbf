using System.Threading.Channels;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>
/// One caller's request as handed to HybridCache's factory. Only the first of several identical concurrent callers
/// has its factory run; <see cref="Started"/> tells a caller it was that one. For a stream, the factory also passes
/// each update to <see cref="Updates"/> as it arrives, so the caller that started the upstream call streams live.
/// </summary>
internal sealed class CacheCall(
    ResponseCachingChatClient owner,
    IEnumerable<ChatMessage> messages,
    ChatOptions options,
    LlmCallContext context,
    bool stream)
{
    public ResponseCachingChatClient Owner { get; } = owner;

    public IEnumerable<ChatMessage> Messages { get; } = messages;

    public ChatOptions Options { get; } = options;

    public LlmCallContext Context { get; } = context;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<ChatResponseUpdate>? Updates { get; } = stream
        ? Channel.CreateUnbounded<ChatResponseUpdate>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
        : null;

    /// <summary>Gets or sets the answer this caller's factory produced, so it is returned without a round trip.</summary>
    public ChatResponse? Produced { get; set; }
}
