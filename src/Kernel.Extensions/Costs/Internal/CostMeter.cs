using System.Collections.Concurrent;
using System.Diagnostics;
using LlmAspire.Configuration;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// Prices usage, writes usage records to the ledger and the <c>llmaspire.cost</c> counter, and warns once per model
/// that has no price. Thread-safe; one per service provider.
/// </summary>
internal sealed class CostMeter
{
    private const int MaxRemembered = 1024;

    private readonly PriceTable _prices;
    private readonly ConcurrentDictionary<(LlmProviderKind?, string), LlmModelPrice?> _found = new();
    private readonly Dictionary<string, LlmProviderKind?> _kinds;
    private readonly IUsageLedger _ledger;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _unpricedLogged = new(StringComparer.OrdinalIgnoreCase);

    public CostMeter(LlmOptions options, IUsageLedger ledger, ILogger logger)
    {
        _prices = new PriceTable(options.Pricing);
        _kinds = options.Providers.ToDictionary(p => p.Key, p => p.Value.Kind, StringComparer.OrdinalIgnoreCase);
        _ledger = ledger;
        _logger = logger;
    }

    public IUsageLedger Ledger => _ledger;

    /// <summary>Finds the price of a target, trying the model the provider reports when the target's has none.</summary>
    public LlmModelPrice? FindPrice(string provider, string model, string? responseModel = null)
    {
        var kind = _kinds.GetValueOrDefault(provider);
        return Find(kind, model) ?? (responseModel is null ? null : Find(kind, responseModel));
    }

    // Dated ids miss the table and take a regex to reach their family; the answer is remembered per kind and model.
    // Callers may name any model, so past MaxRemembered names lookups are simply not remembered.
    private LlmModelPrice? Find(LlmProviderKind? kind, string model)
    {
        var key = (kind, model);
        if (_found.TryGetValue(key, out var price))
        {
            return price;
        }

        price = _prices.Find(kind, model);
        if (_found.Count < MaxRemembered)
        {
            _found.TryAdd(key, price);
        }

        return price;
    }

    public CostQuote Quote(string provider, string model, string? responseModel, UsageTokens tokens) =>
        Quote(FindPrice(provider, model, responseModel), provider, model, tokens);

    /// <summary>Prices usage of a model served outside LlmAspire's providers, by the kind its name suggests.</summary>
    public CostQuote QuoteByModelName(string provider, string model, UsageTokens tokens)
    {
        LlmProviderKind? kind = model.StartsWith("claude", StringComparison.OrdinalIgnoreCase)
            ? LlmProviderKind.Anthropic
            : LlmProviderKind.OpenAI;
        return Quote(Find(kind, model), provider, model, tokens);
    }

    private CostQuote Quote(LlmModelPrice? price, string provider, string model, UsageTokens tokens)
    {
        if (price is not null)
        {
            return new CostQuote(CostCalculator.Cost(price, tokens), Priced: true);
        }

        if (_unpricedLogged.TryAdd($"{provider}/{model}", true))
        {
            _logger.LogUnpricedModel(provider, model);
        }

        return new CostQuote(0m, Priced: false);
    }

    /// <summary>Writes one record to the ledger and the metrics; a ledger failure is logged, never thrown.</summary>
    public async Task RecordAsync(LlmUsageRecord record, CancellationToken cancellationToken)
    {
        var tags = new TagList
        {
            { "gen_ai.provider.name", record.Provider },
            { "gen_ai.request.model", record.Model },
            { "llmaspire.route", record.Route },
            { "llmaspire.tenant", record.Tenant },
            { "llmaspire.priced", record.Priced },
        };
        CostMetrics.Cost.Add((double)record.CostUsd, tags);
        if (record.CacheHit)
        {
            CostMetrics.Saved.Add((double)record.SavedUsd, tags);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogUsageRecorded(
                record.Route ?? UsageFields.DirectRoute,
                record.Provider,
                record.Model,
                record.InputTokens,
                record.CachedInputTokens,
                record.CacheWriteTokens,
                record.OutputTokens,
                record.CostUsd,
                record.CacheHit);
        }

        try
        {
            await _ledger.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogLedgerWriteFailed(record.Provider, record.Model, ex.GetType().Name);
        }
    }
}
