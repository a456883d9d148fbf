namespace LlmAspire.Costs.Internal;

/// <summary>The usage ledger of a single process, used when no Redis is configured.</summary>
/// <remarks>
/// LIMITATION: days are kept for the life of the process (a few hundred counters per day and tenant); a retention
/// window like Redis's key expiry would bound it, and is not needed while a process lives for weeks, not years.
/// </remarks>
internal sealed class MemoryUsageLedger : IUsageLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(DateOnly Day, string Tenant), Dictionary<string, long>> _buckets = [];

    public Task RecordAsync(LlmUsageRecord record, CancellationToken cancellationToken)
    {
        var key = (DateOnly.FromDateTime(record.Time.UtcDateTime), UsageFields.TenantOf(record));

        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                _buckets[key] = bucket = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            UsageFields.AddTo(bucket, record);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UsageBucket>> ReadAsync(
        DateOnly from,
        DateOnly to,
        string? tenant,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<UsageBucket> buckets = [.. _buckets
                .Where(b => b.Key.Day >= from && b.Key.Day <= to && (tenant is null || b.Key.Tenant == tenant))
                .Select(b => new UsageBucket(
                    b.Key.Day,
                    b.Key.Tenant,
                    new Dictionary<string, long>(b.Value, StringComparer.Ordinal)))];
            return Task.FromResult(buckets);
        }
    }
}
