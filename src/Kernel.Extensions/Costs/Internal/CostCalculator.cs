namespace LlmAspire.Costs.Internal;

/// <summary>Turns token counts and a price into USD, exactly, in <see cref="decimal"/>.</summary>
internal static class CostCalculator
{
    private const decimal Million = 1_000_000m;

    public static decimal Cost(LlmModelPrice price, UsageTokens tokens) =>
        ((tokens.Uncached * price.InputPerMillion)
        + (tokens.Cached * (price.CachedInputPerMillion ?? price.InputPerMillion))
        + (tokens.CacheWrite * (price.CacheWritePerMillion ?? price.InputPerMillion))
        + (tokens.Output * price.OutputPerMillion)) / Million;

    /// <summary>The worst case before a call: every input token at the full rate and the whole output allowance.</summary>
    public static decimal WorstCase(LlmModelPrice price, long inputTokens, long maxOutputTokens) =>
        ((inputTokens * Math.Max(price.InputPerMillion, price.CacheWritePerMillion ?? 0m))
        + (maxOutputTokens * price.OutputPerMillion)) / Million;
}
