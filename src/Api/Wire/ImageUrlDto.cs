namespace LlmAspire.Api.Wire;

/// <summary>The <c>image_url</c> of an image content part: an http(s) address or a <c>data:</c> URI.</summary>
internal sealed class ImageUrlDto
{
    public string? Url { get; set; }

    public string? Detail { get; set; }
}
