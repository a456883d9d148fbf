namespace LlmAspire.Costs.Internal;

/// <summary>One tenant's counters on one UTC day, as stored: field names from <see cref="UsageFields"/>.</summary>
internal sealed record UsageBucket(DateOnly Day, string Tenant, IReadOnlyDictionary<string, long> Fields);
