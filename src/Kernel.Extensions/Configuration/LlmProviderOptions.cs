namespace LlmAspire.Configuration;

/// <summary>One provider: how to reach it and which model to use when a caller names none.</summary>
public sealed class LlmProviderOptions
{
    /// <summary>Gets or sets the protocol the provider speaks. Required.</summary>
    public LlmProviderKind? Kind { get; set; }

    /// <summary>
    /// Gets or sets the API key. Required for <see cref="LlmProviderKind.OpenAI"/> and
    /// <see cref="LlmProviderKind.Anthropic"/>, optional for the others.
    /// </summary>
    /// <remarks>Never logged, traced or returned in an error body.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the base address the provider's SDK expects: with <c>/v1</c> for OpenAI and OpenAI-compatible
    /// servers, without it for Anthropic and Ollama.
    /// </summary>
    /// <value>
    /// The kind's public default: <c>https://api.openai.com/v1</c>, <c>https://api.anthropic.com</c>,
    /// <c>http://localhost:11434</c>. Required for <see cref="LlmProviderKind.OpenAICompatible"/>.
    /// </value>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the model used when a call addresses the provider itself (for example the Semantic Kernel service
    /// whose id is the provider's name) and names no model.
    /// </summary>
    /// <value>Default <see langword="null"/>: such a call must name its model.</value>
    public string? Model { get; set; }

    /// <summary>
    /// Gets or sets the output-token cap sent when a request sets none. Anthropic's API requires one; other kinds
    /// send it only when set here.
    /// </summary>
    /// <value>Default <see langword="null"/>, which means 4096 for Anthropic and no cap for the others.</value>
    public int? DefaultMaxOutputTokens { get; set; }

    /// <summary>
    /// Gets or sets this provider's resilience settings. From configuration, the keys under
    /// <c>Llm:Providers:{name}:Resilience</c> override the global <c>Llm:Resilience</c> one by one.
    /// </summary>
    /// <value>Default <see langword="null"/>: the global settings apply.</value>
    public LlmResilienceOptions? Resilience { get; set; }

    /// <summary>
    /// Gets or sets the most requests per minute this gateway sends to the provider, across every replica that
    /// shares the Redis named <c>cache</c>.
    /// </summary>
    /// <value>Default <see langword="null"/>: no client-side request limit.</value>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Gets or sets the most tokens (input plus output) per minute this gateway sends to the provider, estimated
    /// before each call and corrected from the reported usage after it.
    /// </summary>
    /// <value>Default <see langword="null"/>: no client-side token limit.</value>
    public int? TokensPerMinute { get; set; }
}
