using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmAspire.Providers.Internal;

/// <summary>
/// Sits directly above the SDK and turns anything it throws into an <see cref="LlmProviderException"/>, before any
/// stage above can log or trace the SDK's message, which may quote the API key or the request.
/// </summary>
internal sealed class ProviderErrorChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var capture = ProviderResponseCapture.Current = new ProviderResponseCapture();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldTranslate(ex, cancellationToken))
        {
            throw Translate(ex, capture);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var capture = ProviderResponseCapture.Current = new ProviderResponseCapture();
        IAsyncEnumerator<ChatResponseUpdate> stream;
        try
        {
            stream = base.GetStreamingResponseAsync(
                messages,
                options,
                cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ShouldTranslate(ex, cancellationToken))
        {
            throw Translate(ex, capture);
        }

        try
        {
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (ShouldTranslate(ex, cancellationToken))
                {
                    throw Translate(ex, capture);
                }

                yield return stream.Current;
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool ShouldTranslate(Exception ex, CancellationToken cancellationToken) =>
        ex is not LlmProviderException
        && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private static LlmProviderException Translate(Exception ex, ProviderResponseCapture capture)
    {
        var error = ProviderErrorClassifier.Classify(ex);
        return new(capture.RetryAfter is { } retryAfter ? error with { RetryAfter = retryAfter } : error);
    }
}
