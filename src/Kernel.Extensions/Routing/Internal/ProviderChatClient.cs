using Microsoft.Extensions.AI;

namespace LlmAspire.Routing.Internal;

/// <summary>
/// A provider seen as one chat client: each call goes to the model named in <see cref="ChatOptions.ModelId"/>, or to
/// the provider's configured default model.
/// </summary>
internal sealed class ProviderChatClient(
    string provider,
    string? defaultModel,
    LlmClientRegistry registry) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Resolve(options).GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Resolve(options).GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The registry owns the clients this one hands calls to.
    }

    private IChatClient Resolve(ChatOptions? options)
    {
        var model = options?.ModelId ?? defaultModel
            ?? throw new InvalidOperationException(
                $"The call to provider '{provider}' names no model. Set Llm:Providers:{provider}:Model, or set the " +
                "model id in the request's options.");

        return registry.Resolve($"{provider}/{model}")
            ?? throw new InvalidOperationException($"Provider '{provider}' is not configured under Llm:Providers.");
    }
}
