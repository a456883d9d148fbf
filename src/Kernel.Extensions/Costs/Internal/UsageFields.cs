using System.Collections.Concurrent;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The counters one usage record adds to its day and tenant: <c>{dimension}|{name}|{measure}</c>, with dimensions
/// <c>all</c>, <c>r</c> (route), <c>p</c> (provider), <c>m</c> (provider/model) and <c>u</c> (unpriced model) and
/// measures <c>c</c> (cost in picodollars), <c>n</c> (requests), <c>i</c>/<c>o</c> (input/output tokens), <c>k</c>
/// (cached input), <c>w</c> (cache writes), <c>h</c> (cache hits) and <c>s</c> (saved picodollars).
/// </summary>
internal static class UsageFields
{
    public const string NoTenant = "(none)";
    public const string DirectRoute = "(direct)";

    // Field names depend only on route, provider and model, so they are built once per combination; callers may name
    // any model, so past this many combinations names are built per record instead.
    private const int MaxCachedNames = 1024;

    private const int Total = 0, Route = 4, Provider = 8, Model = 12, Cached = 16, Write = 17, Hits = 18, Saved = 19,
        Unpriced = 20;

    private static readonly ConcurrentDictionary<(string?, string, string), string[]> Cache = new();

    /// <summary>Adds the record's counters to <paramref name="bucket"/> without building a list.</summary>
    public static void AddTo(Dictionary<string, long> bucket, LlmUsageRecord record)
    {
        var names = Names(record.Route, record.Provider, record.Model);
        var cost = Picodollars.From(record.CostUsd);
        Add(bucket, names[Cached], record.CachedInputTokens);
        Add(bucket, names[Write], record.CacheWriteTokens);
        foreach (var start in (ReadOnlySpan<int>)[Total, Route, Provider, Model])
        {
            Add(bucket, names[start], cost);
            Add(bucket, names[start + 1], 1);
            Add(bucket, names[start + 2], record.InputTokens);
            Add(bucket, names[start + 3], record.OutputTokens);
        }

        if (record.CacheHit)
        {
            Add(bucket, names[Hits], 1);
            Add(bucket, names[Saved], Picodollars.From(record.SavedUsd));
        }

        if (!record.Priced)
        {
            Add(bucket, names[Unpriced], 1);
        }
    }

    public static string TenantOf(LlmUsageRecord record) =>
        string.IsNullOrEmpty(record.Tenant) ? NoTenant : record.Tenant;

    private static void Add(Dictionary<string, long> bucket, string field, long value)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
            bucket,
            field,
            out _);
        slot += value;
    }

    private static string[] Names(string? route, string provider, string model)
    {
        var key = (route, provider, model);
        if (Cache.TryGetValue(key, out var names))
        {
            return names;
        }

        names = Build(route ?? DirectRoute, provider, $"{provider}/{model}");
        if (Cache.Count < MaxCachedNames)
        {
            Cache.TryAdd(key, names);
        }

        return names;
    }

    private static string[] Build(string route, string provider, string model) =>
    [
        "all||c", "all||n", "all||i", "all||o",
        $"r|{route}|c", $"r|{route}|n", $"r|{route}|i", $"r|{route}|o",
        $"p|{provider}|c", $"p|{provider}|n", $"p|{provider}|i", $"p|{provider}|o",
        $"m|{model}|c", $"m|{model}|n", $"m|{model}|i", $"m|{model}|o",
        "all||k", "all||w", "all||h", "all||s",
        $"u|{model}|n",
    ];
}
