namespace LlmAspire.Api.Wire;

/// <summary>A message's <c>content</c>: either a plain string or an array of content parts.</summary>
internal sealed class MessageContentDto
{
    public string? Text { get; init; }

    public List<ContentPartDto?>? Parts { get; init; }
}
