using Microsoft.Extensions.AI;

namespace LlmAspire.Testing.Tests;

// Reads a stream to its end and keeps what arrived before an error, so a test can state how each SDK
// reports a cut stream.
internal static class StreamCollector
{
    public static Task<(List<ChatResponseUpdate> Updates, Exception? Error)> CollectAsync(
        IChatClient client,
        CancellationToken cancellationToken) =>
        CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: cancellationToken), cancellationToken);

    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> CollectAsync(
        IAsyncEnumerable<ChatResponseUpdate> stream,
        CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();

        try
        {
            await foreach (var update in stream.WithCancellation(cancellationToken))
            {
                updates.Add(update);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (updates, exception);
        }

        return (updates, null);
    }
}
