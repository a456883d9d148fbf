namespace LlmAspire.Api.Wire;

/// <summary><c>stream_options</c>.</summary>
internal sealed class StreamOptionsDto
{
    public bool? IncludeUsage { get; set; }
}
