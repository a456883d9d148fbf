namespace LlmAspire.Costs.Internal;

/// <summary>A call's cost and whether its model had a price.</summary>
internal readonly record struct CostQuote(decimal CostUsd, bool Priced);
