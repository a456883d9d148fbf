using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Mapping;

/// <summary>A validated chat completion request, mapped to Microsoft.Extensions.AI types.</summary>
internal sealed class ChatRequest
{
    public required string Model { get; init; }

    public required List<ChatMessage> Messages { get; init; }

    public required ChatOptions Options { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }
}
