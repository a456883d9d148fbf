using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>Records in the call context which route a name resolved to, as the real route client does.</summary>
internal sealed class RouteContextChatClient(IChatClient inner, string? route) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        SetRoute(options);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        SetRoute(options);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void SetRoute(ChatOptions? options)
    {
        if (LlmCallContext.TryGet(options, out var context))
        {
            context.Route = route;
        }
    }
}
