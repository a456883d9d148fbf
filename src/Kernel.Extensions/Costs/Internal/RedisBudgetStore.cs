using System.Globalization;
using StackExchange.Redis;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// Budgets in Redis, one hash per budget and period with fields <c>spent</c> and <c>reserved</c> in picodollars.
/// Reserving is one Lua script over every limit's key, so replicas reserving at once cannot pass a limit together.
/// </summary>
/// <remarks>
/// Every key a script touches is passed in KEYS, which Garnet's Lua transaction mode requires for atomicity. Lua
/// compares in doubles, exact up to 2^53 picodollars (about 9,000 USD); above that a comparison may be off by a few
/// picodollars.
/// </remarks>
internal sealed class RedisBudgetStore(IConnectionMultiplexer redis) : IBudgetStore
{
    private const string Prefix = "llmaspire:budget:";

    // KEYS: one hash per limit. ARGV[1]: amount; ARGV[2..n+1]: limits; ARGV[n+2]: expiry in seconds.
    private const string ReserveScript = """
        local amount = tonumber(ARGV[1])
        local n = #KEYS
        if amount > 0 then
          for i = 1, n do
            local spent = tonumber(redis.call('HGET', KEYS[i], 'spent') or '0')
            local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
            if spent + reserved + amount > tonumber(ARGV[i + 1]) then
              return i
            end
          end
        end
        for i = 1, n do
          redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[1])
          redis.call('EXPIRE', KEYS[i], ARGV[n + 2])
        end
        return 0
        """;

    // KEYS: one hash per limit. ARGV[1]: reserved amount to release; ARGV[2]: actual spend.
    // Returns each key's spend after settling.
    private const string SettleScript = """
        local spent = {}
        for i = 1, #KEYS do
          redis.call('HINCRBY', KEYS[i], 'reserved', -tonumber(ARGV[1]))
          spent[i] = redis.call('HINCRBY', KEYS[i], 'spent', ARGV[2])
        end
        return spent
        """;

    // Long enough for the longest period (a month) to be read back in a report after it ends.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(70);

    public async Task<int> TryReserveAsync(
        IReadOnlyList<BudgetLimit> limits,
        long picodollars,
        CancellationToken cancellationToken)
    {
        var keys = limits.Select(l => (RedisKey)(Prefix + l.StoreKey)).ToArray();
        var args = new RedisValue[limits.Count + 2];
        args[0] = picodollars;
        for (var i = 0; i < limits.Count; i++)
        {
            args[i + 1] = Picodollars.From(limits[i].LimitUsd);
        }

        args[^1] = (long)Retention.TotalSeconds;

        var result = await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript, keys, args).ConfigureAwait(false);
        return (int)result - 1;
    }

    public async Task<long[]> SettleAsync(
        IReadOnlyList<BudgetLimit> limits,
        long reserved,
        long actual,
        CancellationToken cancellationToken)
    {
        var keys = limits.Select(l => (RedisKey)(Prefix + l.StoreKey)).ToArray();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, keys, [reserved, actual])
            .ConfigureAwait(false);
        return (long[])result!;
    }

    public async Task<(long Spent, long Reserved)> ReadAsync(BudgetLimit limit, CancellationToken cancellationToken)
    {
        var values = await redis.GetDatabase().HashGetAsync(Prefix + limit.StoreKey, ["spent", "reserved"])
            .ConfigureAwait(false);
        return (Parse(values[0]), Parse(values[1]));
    }

    public Task<bool> TryMarkAlertedAsync(BudgetLimit limit, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Prefix + "alert:" + limit.StoreKey, 1, Retention, When.NotExists);

    private static long Parse(RedisValue value) =>
        value.IsNullOrEmpty ? 0 : long.Parse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
