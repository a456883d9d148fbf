namespace LlmAspire.Costs;

/// <summary>One line of a usage breakdown: a day, tenant, route, provider or model.</summary>
public sealed class LlmUsageEntry
{
    /// <summary>Gets the day (<c>yyyy-MM-dd</c>), tenant, route, provider or <c>provider/model</c> this line covers.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the cost in USD.</summary>
    public decimal CostUsd { get; internal set; }

    /// <summary>Gets the number of answered calls, cache hits included.</summary>
    public long Requests { get; internal set; }

    /// <summary>Gets the input tokens, cached ones included.</summary>
    public long InputTokens { get; internal set; }

    /// <summary>Gets the output tokens.</summary>
    public long OutputTokens { get; internal set; }
}
