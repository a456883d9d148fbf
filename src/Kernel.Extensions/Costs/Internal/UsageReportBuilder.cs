using System.Globalization;

namespace LlmAspire.Costs.Internal;

/// <summary>Adds stored day-and-tenant buckets up into a <see cref="LlmUsageReport"/>.</summary>
internal static class UsageReportBuilder
{
    public static LlmUsageReport Build(
        DateOnly from,
        DateOnly to,
        string? tenant,
        IReadOnlyList<UsageBucket> buckets,
        IReadOnlyList<LlmBudgetStatus> budgets)
    {
        var byDay = new SortedDictionary<string, LlmUsageEntry>(StringComparer.Ordinal);
        var byTenant = new SortedDictionary<string, LlmUsageEntry>(StringComparer.Ordinal);
        var byRoute = new SortedDictionary<string, LlmUsageEntry>(StringComparer.Ordinal);
        var byProvider = new SortedDictionary<string, LlmUsageEntry>(StringComparer.Ordinal);
        var byModel = new SortedDictionary<string, LlmUsageEntry>(StringComparer.Ordinal);
        var total = new LlmUsageEntry { Name = string.Empty };
        var unpriced = new SortedSet<string>(StringComparer.Ordinal);
        long hits = 0, saved = 0;

        foreach (var bucket in buckets)
        {
            var day = bucket.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var (field, value) in bucket.Fields)
            {
                var first = field.IndexOf('|', StringComparison.Ordinal);
                var last = field.LastIndexOf('|');
                if (first < 0 || last <= first)
                {
                    continue;
                }

                var dimension = field[..first];
                var name = field[(first + 1)..last];
                var measure = field[(last + 1)..];
                switch (dimension)
                {
                    case "all" when measure == "h":
                        hits += value;
                        break;
                    case "all" when measure == "s":
                        saved += value;
                        break;
                    case "all":
                        Add(total, measure, value);
                        Add(Entry(byDay, day), measure, value);
                        Add(Entry(byTenant, bucket.Tenant), measure, value);
                        break;
                    case "r":
                        Add(Entry(byRoute, name), measure, value);
                        break;
                    case "p":
                        Add(Entry(byProvider, name), measure, value);
                        break;
                    case "m":
                        Add(Entry(byModel, name), measure, value);
                        break;
                    case "u":
                        unpriced.Add(name);
                        break;
                }
            }
        }

        return new LlmUsageReport
        {
            From = from,
            To = to,
            Tenant = tenant,
            TotalCostUsd = total.CostUsd,
            Requests = total.Requests,
            CacheHits = hits,
            SavedCostUsd = Picodollars.ToUsd(saved),
            ByDay = [.. byDay.Values],
            ByTenant = [.. byTenant.Values],
            ByRoute = [.. byRoute.Values],
            ByProvider = [.. byProvider.Values],
            ByModel = [.. byModel.Values],
            UnpricedModels = [.. unpriced],
            Budgets = budgets,
        };
    }

    private static LlmUsageEntry Entry(SortedDictionary<string, LlmUsageEntry> entries, string name)
    {
        if (!entries.TryGetValue(name, out var entry))
        {
            entries[name] = entry = new LlmUsageEntry { Name = name };
        }

        return entry;
    }

    private static void Add(LlmUsageEntry entry, string measure, long value)
    {
        switch (measure)
        {
            case "c":
                entry.CostUsd += Picodollars.ToUsd(value);
                break;
            case "n":
                entry.Requests += value;
                break;
            case "i":
                entry.InputTokens += value;
                break;
            case "o":
                entry.OutputTokens += value;
                break;
        }
    }
}
