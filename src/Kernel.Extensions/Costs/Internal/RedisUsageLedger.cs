using System.Globalization;
using StackExchange.Redis;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The usage ledger in Redis: per UTC day one hash per tenant (<c>llmaspire:usage:{day}:{tenant}</c>) and a set of
/// the day's tenants. Every counter moves by HINCRBY, which Redis applies atomically, so replicas lose no increments.
/// </summary>
/// <remarks>Days expire after 400 days.</remarks>
internal sealed class RedisUsageLedger(IConnectionMultiplexer redis) : IUsageLedger
{
    private const string Prefix = "llmaspire:usage:";
    private static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    public async Task RecordAsync(LlmUsageRecord record, CancellationToken cancellationToken)
    {
        var day = Day(DateOnly.FromDateTime(record.Time.UtcDateTime));
        var tenant = UsageFields.TenantOf(record);
        var key = (RedisKey)$"{Prefix}{day}:{tenant}";
        var tenantsKey = (RedisKey)$"{Prefix}{day}:tenants";

        var batch = redis.GetDatabase().CreateBatch();
        var pending = new List<Task>(32);
        var fields = new Dictionary<string, long>(24, StringComparer.Ordinal);
        UsageFields.AddTo(fields, record);
        foreach (var (field, value) in fields)
        {
            if (value != 0)
            {
                pending.Add(batch.HashIncrementAsync(key, field, value));
            }
        }

        pending.Add(batch.SetAddAsync(tenantsKey, tenant));
        pending.Add(batch.KeyExpireAsync(key, Retention));
        pending.Add(batch.KeyExpireAsync(tenantsKey, Retention));
        batch.Execute();
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UsageBucket>> ReadAsync(
        DateOnly from,
        DateOnly to,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var buckets = new List<UsageBucket>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var dayKey = Day(day);
            IEnumerable<string> tenants = tenant is not null
                ? [tenant]
                : (await database.SetMembersAsync($"{Prefix}{dayKey}:tenants").ConfigureAwait(false))
                    .Select(v => v.ToString());

            foreach (var name in tenants)
            {
                var entries = await database.HashGetAllAsync($"{Prefix}{dayKey}:{name}").ConfigureAwait(false);
                if (entries.Length > 0)
                {
                    var fields = entries.ToDictionary(
                        e => e.Name.ToString(),
                        e => long.Parse(e.Value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                        StringComparer.Ordinal);
                    buckets.Add(new UsageBucket(day, name, fields));
                }
            }
        }

        return buckets;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
