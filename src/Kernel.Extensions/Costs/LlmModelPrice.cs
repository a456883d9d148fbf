namespace LlmAspire.Costs;

/// <summary>A model's price in USD per million tokens, bound from <c>Llm:Pricing:{model}</c>.</summary>
/// <remarks>
/// Input tokens are those billed at the full input rate; cached input (OpenAI <c>cached_tokens</c>, Anthropic cache
/// reads) and cache writes (Anthropic cache creation) have their own rates.
/// </remarks>
public sealed class LlmModelPrice
{
    /// <summary>Gets or sets the price of a million uncached input tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million output tokens.</summary>
    public decimal OutputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million input tokens read from the provider's prompt cache.</summary>
    /// <value>Default <see langword="null"/>: cached input costs the full <see cref="InputPerMillion"/>.</value>
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million input tokens written to the provider's prompt cache.</summary>
    /// <value>Default <see langword="null"/>: cache writes cost the full <see cref="InputPerMillion"/>.</value>
    public decimal? CacheWritePerMillion { get; set; }
}
