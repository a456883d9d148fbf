namespace LlmAspire.Costs.Internal;

/// <summary>Where usage records are added up, per UTC day and tenant.</summary>
internal interface IUsageLedger
{
    Task RecordAsync(LlmUsageRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<UsageBucket>> ReadAsync(
        DateOnly from,
        DateOnly to,
        string? tenant,
        CancellationToken cancellationToken);
}
