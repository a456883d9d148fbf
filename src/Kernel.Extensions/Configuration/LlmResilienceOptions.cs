using System.ComponentModel.DataAnnotations;

namespace LlmAspire.Configuration;

/// <summary>
/// Retries, timeouts and the circuit breaker for each target (<c>Llm:Resilience</c>, overridable per provider under
/// <c>Llm:Providers:{name}:Resilience</c>). The defaults suit LLM calls, which take seconds to minutes.
/// </summary>
/// <remarks>Read when a target's pipeline is built; a change after that is not picked up.</remarks>
public sealed class LlmResilienceOptions
{
    /// <summary>Gets or sets how many times a failed attempt is retried on the same target, after the first try.</summary>
    /// <value>Default 3, so up to 4 attempts per target. 0 turns retries off.</value>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; later ones grow exponentially, with jitter.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest wait before a retry. When a provider's <c>Retry-After</c> asks for longer, the call
    /// fails over to the next target instead of sleeping.
    /// </summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the limit for one non-streaming attempt.</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the limit for a whole call, every retry and failover included.</summary>
    /// <value>Default 3 minutes.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Gets or sets how long a stream may take to deliver its first chunk before the attempt fails.</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan FirstChunkTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the longest gap between two chunks of a stream before it counts as stalled.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the share of failed attempts, within <see cref="CircuitSamplingDuration"/>, that opens a target's circuit.</summary>
    /// <value>Default 0.5.</value>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts must be seen in the sampling window before the circuit may open.</summary>
    /// <value>Default 5.</value>
    [Range(2, int.MaxValue)]
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit skips its target before one probe call may try it again.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest a call waits for a rate-limit permit before failing over.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    internal LlmResilienceOptions Clone() => (LlmResilienceOptions)MemberwiseClone();
}
