namespace LlmAspire.Api.Wire;

/// <summary>One content part: <c>{"type":"text","text":...}</c> or <c>{"type":"image_url","image_url":{...}}</c>.</summary>
internal sealed class ContentPartDto
{
    public string? Type { get; set; }

    public string? Text { get; set; }

    public ImageUrlDto? ImageUrl { get; set; }
}
