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

    public static List<KeyValuePair<string, long>> For(LlmUsageRecord record)
    {
        var cost = Picodollars.From(record.CostUsd);
        var model = $"{record.Provider}/{record.Model}";
        var fields = new List<KeyValuePair<string, long>>(24)
        {
            new("all||k", record.CachedInputTokens),
            new("all||w", record.CacheWriteTokens),
        };

        AddEntry(fields, "all", string.Empty, record, cost);
        AddEntry(fields, "r", record.Route ?? DirectRoute, record, cost);
        AddEntry(fields, "p", record.Provider, record, cost);
        AddEntry(fields, "m", model, record, cost);

        if (record.CacheHit)
        {
            fields.Add(new("all||h", 1));
            fields.Add(new("all||s", Picodollars.From(record.SavedUsd)));
        }

        if (!record.Priced)
        {
            fields.Add(new($"u|{model}|n", 1));
        }

        return fields;
    }

    public static string TenantOf(LlmUsageRecord record) =>
        string.IsNullOrEmpty(record.Tenant) ? NoTenant : record.Tenant;

    private static void AddEntry(List<KeyValuePair<string, long>> fields, string dimension, string name, LlmUsageRecord record, long cost)
    {
        var prefix = $"{dimension}|{name}|";
        fields.Add(new(prefix + "c", cost));
        fields.Add(new(prefix + "n", 1));
        fields.Add(new(prefix + "i", record.InputTokens));
        fields.Add(new(prefix + "o", record.OutputTokens));
    }
}
