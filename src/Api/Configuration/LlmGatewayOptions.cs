namespace LlmAspire.Api.Configuration;

/// <summary>Settings of the HTTP gateway, bound from <c>Llm:Gateway</c>.</summary>
internal sealed class LlmGatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Llm:Gateway";

    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get HTTP 413.</summary>
    /// <value>4 MiB.</value>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether <c>GET /metrics</c> serves every OpenTelemetry metric (LlmAspire's cost
    /// and budget counters, the GenAI conventions' token usage and durations) in Prometheus text format.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    /// <remarks>
    /// The endpoint needs no tenant key and its attributes name tenants, routes and models: expose it only where your
    /// scraper can reach it and callers cannot.
    /// </remarks>
    public bool PrometheusEnabled { get; set; }
}
