using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmAspire.Providers.Internal;

/// <summary>
/// Fails a stream that ends without a finish reason. The OpenAI client and OllamaSharp end quietly when the connection
/// drops or an error event arrives mid-stream; without this stage a cut answer would pass as a short success.
/// </summary>
internal sealed class StreamCompletionGuardChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken)
            .ConfigureAwait(false))
        {
            finished |= update.FinishReason is not null;
            yield return update;
        }

        if (!finished)
        {
            throw new StreamInterruptedException();
        }
    }
}
