using System.Text.Json;
using System.Text.RegularExpressions;
using LlmAspire.Configuration;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// Finds a model's price: configuration first, then the shipped table for OpenAI and Anthropic providers. A dated id
/// (<c>gpt-4o-2024-08-06</c>, <c>claude-sonnet-4-5-20250929</c>), a <c>-latest</c> alias or an Ollama <c>:tag</c>
/// falls back to its family's price. Ollama and OpenAI-compatible models are free unless configured.
/// </summary>
internal sealed partial class PriceTable
{
    private static readonly LlmModelPrice Free = new();

    private readonly Dictionary<string, LlmModelPrice> _configured;
    private readonly Dictionary<string, LlmModelPrice> _openAI;
    private readonly Dictionary<string, LlmModelPrice> _anthropic;

    public PriceTable(IDictionary<string, LlmModelPrice> configured)
    {
        _configured = new(configured, StringComparer.OrdinalIgnoreCase);
        (_openAI, _anthropic) = LoadShipped();
    }

    /// <summary>Finds the price of <paramref name="model"/> on a provider of <paramref name="kind"/>.</summary>
    /// <returns><see langword="null"/> when the model has no price and is not local.</returns>
    public LlmModelPrice? Find(LlmProviderKind? kind, string model)
    {
        ArgumentNullException.ThrowIfNull(model);

        if (Lookup(_configured, model) is { } configured)
        {
            return configured;
        }

        return kind switch
        {
            LlmProviderKind.OpenAI => Lookup(_openAI, model),
            LlmProviderKind.Anthropic => Lookup(_anthropic, model),
            LlmProviderKind.Ollama or LlmProviderKind.OpenAICompatible => Free,
            _ => null,
        };
    }

    /// <summary>The family a model id belongs to: without a date suffix, <c>-latest</c> or an Ollama tag.</summary>
    public static string Family(string model)
    {
        var colon = model.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? model[..colon] : model;
        return DatedSuffix().Replace(name, string.Empty);
    }

    private static LlmModelPrice? Lookup(Dictionary<string, LlmModelPrice> prices, string model)
    {
        if (prices.TryGetValue(model, out var exact))
        {
            return exact;
        }

        return prices.TryGetValue(Family(model), out var family) ? family : null;
    }

    private static (Dictionary<string, LlmModelPrice> OpenAI, Dictionary<string, LlmModelPrice> Anthropic) LoadShipped()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("LlmAspire.Costs.Data.prices.json")
            ?? throw new InvalidOperationException("The shipped price table LlmAspire.Costs.Data.prices.json is " +
                "missing from the assembly; rebuild the library.");
        using var document = JsonDocument.Parse(stream);
        return (Read(document.RootElement.GetProperty("openai")), Read(document.RootElement.GetProperty("anthropic")));
    }

    private static Dictionary<string, LlmModelPrice> Read(JsonElement section)
    {
        var prices = new Dictionary<string, LlmModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in section.EnumerateObject())
        {
            var value = model.Value;
            prices[model.Name] = new LlmModelPrice
            {
                InputPerMillion = value.GetProperty("input").GetDecimal(),
                OutputPerMillion = value.GetProperty("output").GetDecimal(),
                CachedInputPerMillion = value.TryGetProperty("cachedInput", out var cached)
                    ? cached.GetDecimal()
                    : null,
                CacheWritePerMillion = value.TryGetProperty("cacheWrite", out var write) ? write.GetDecimal() : null,
            };
        }

        return prices;
    }

    [GeneratedRegex(@"(-\d{4}-\d{2}-\d{2}|-\d{8}|-latest)$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedSuffix();
}
