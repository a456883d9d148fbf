namespace LlmAspire.Api.Configuration;

/// <summary>Settings of the HTTP gateway, bound from <c>Llm:Gateway</c>.</summary>
internal sealed class LlmGatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Llm:Gateway";

    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get HTTP 413.</summary>
    /// <value>4 MiB.</value>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
