using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmAspire.Routing;

namespace LlmAspire.Telemetry.Internal;

/// <summary>LlmAspire's meter and activity source, and the instruments the GenAI conventions lack.</summary>
internal static class LlmAspireMetrics
{
    public static readonly ActivitySource ActivitySource = new(LlmAspireTelemetry.SourceName);

    public static readonly Meter Meter = new(LlmAspireTelemetry.SourceName);

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "llmaspire.retries", "{retry}", "Retries of a failed attempt on the same target.");

    public static readonly Counter<long> Failovers = Meter.CreateCounter<long>(
        "llmaspire.failovers", "{failover}", "Moves from a failed target to the next target of its route.");

    public static readonly Counter<long> CircuitOpened = Meter.CreateCounter<long>(
        "llmaspire.circuit.opened", "{event}", "Times a target's circuit opened after repeated failures.");

    public static readonly Counter<long> CircuitRejections = Meter.CreateCounter<long>(
        "llmaspire.circuit.rejections", "{call}", "Calls that skipped a target because its circuit was open.");

    public static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>(
        "llmaspire.rate_limit.waits",
        "{wait}",
        "Times a call waited for room under a provider's client-side rate limit.");

    public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "llmaspire.rate_limit.rejections",
        "{call}",
        "Calls that found no room under a provider's rate limit within the allowed wait.");

    public static readonly Counter<long> CacheRequests = Meter.CreateCounter<long>(
        "llmaspire.cache.requests",
        "{request}",
        "Requests that reached the response cache, by result (hit, miss, bypass).");

    public static TagList TargetTags(LlmTarget target) => new()
    {
        { "gen_ai.provider.name", target.Provider },
        { "gen_ai.request.model", target.Model },
    };
}
