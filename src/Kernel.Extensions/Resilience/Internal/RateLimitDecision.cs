namespace LlmAspire.Resilience.Internal;

/// <summary>The answer of a rate-limit window: granted, or how long until the request would fit.</summary>
internal readonly record struct RateLimitDecision(bool Granted, TimeSpan RetryAfter)
{
    public static RateLimitDecision Grant { get; } = new(true, TimeSpan.Zero);
}
