namespace LlmAspire.Costs;

/// <summary>One answered call: who made it, which target answered, the tokens it used and what it cost.</summary>
/// <param name="Time">When the answer completed (UTC, from the pipeline's <see cref="TimeProvider"/>).</param>
/// <param name="Tenant">The tenant, or <see langword="null"/>.</param>
/// <param name="Route">The route, or <see langword="null"/> when the call named a target directly.</param>
/// <param name="Provider">The provider that answered.</param>
/// <param name="Model">The target model that was asked.</param>
/// <param name="ResponseModel">The model the provider says answered, when it says.</param>
/// <param name="InputTokens">All input tokens, cached and cache-written ones included.</param>
/// <param name="CachedInputTokens">Input tokens read from the provider's prompt cache.</param>
/// <param name="CacheWriteTokens">Input tokens written to the provider's prompt cache.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">What the call cost; 0 for a response-cache hit and for free or unpriced models.</param>
/// <param name="Priced">Whether the model has a price (local models are priced at 0).</param>
/// <param name="Latency">Time from the call's start to its answer's end.</param>
/// <param name="CacheHit">Whether the gateway's response cache answered, so no upstream call was made.</param>
/// <param name="SavedUsd">For a cache hit, what the call would have cost.</param>
public sealed record LlmUsageRecord(
    DateTimeOffset Time,
    string? Tenant,
    string? Route,
    string Provider,
    string Model,
    string? ResponseModel,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    long OutputTokens,
    decimal CostUsd,
    bool Priced,
    TimeSpan Latency,
    bool CacheHit,
    decimal SavedUsd);
