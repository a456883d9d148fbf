using LlmAspire.Costs;
using LlmAspire.Costs.Internal;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkFunctionInvocationContext = Microsoft.SemanticKernel.FunctionInvocationContext;

namespace LlmAspire.Filters;

/// <summary>
/// Cost accounting and budgets for kernels whose chat services LlmAspire did not build: before a function runs,
/// refuses it with <see cref="LlmBudgetExceededException"/> when a budget is already used up; after it, prices the
/// usage the function result carries and writes it to the ledger and the budgets.
/// </summary>
/// <remarks>
/// Usage is read from <c>FunctionResult.Metadata["Usage"]</c> (MEAI <see cref="UsageDetails"/> or the OpenAI
/// connector's <c>ChatTokenUsage</c>) or from a <see cref="ChatResponse"/> value; the model from the result's
/// <c>ModelId</c>. The provider is inferred from the model name (<c>claude*</c> is Anthropic, anything else is priced
/// from the OpenAI table). Streaming functions are not metered.
/// </remarks>
internal sealed class LlmCostFunctionFilter(
    CostMeter meter,
    BudgetGuard budget,
    string? tenant) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(
        SkFunctionInvocationContext context,
        Func<SkFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        // LIMITATION: the function's model and prompt are unknown until it runs, so nothing is reserved up front and
        // concurrent functions can together pass a limit by their own cost; LlmAspire's chat services reserve instead.
        var limits = budget.LimitsFor(tenant);
        if (limits.Count > 0
            && await budget.FirstExhaustedAsync(limits, context.CancellationToken).ConfigureAwait(false)
                is { } exhausted)
        {
            throw budget.Exceeded(exhausted);
        }

        var started = budget.TimeProvider.GetTimestamp();
        await next(context).ConfigureAwait(false);

        if (ReadUsage(context.Result) is not ({ } usage, { } model))
        {
            return;
        }

        var provider = model.StartsWith("claude", StringComparison.OrdinalIgnoreCase) ? "anthropic" : "openai";
        var tokens = UsageTokens.From(usage);
        var quote = meter.QuoteByModelName(provider, model, tokens);
        if (limits.Count > 0)
        {
            await budget.SettleAsync(limits, 0, Picodollars.From(quote.CostUsd)).ConfigureAwait(false);
        }

        await meter.RecordAsync(
            new LlmUsageRecord(
                budget.TimeProvider.GetUtcNow(),
                tenant,
                $"kernel:{context.Function.Name}",
                provider,
                model,
                model,
                tokens.Input,
                tokens.Cached,
                tokens.CacheWrite,
                tokens.Output,
                quote.CostUsd,
                quote.Priced,
                budget.TimeProvider.GetElapsedTime(started),
                CacheHit: false,
                SavedUsd: 0m),
            CancellationToken.None).ConfigureAwait(false);
    }

    private static (UsageDetails? Usage, string? Model) ReadUsage(FunctionResult result)
    {
        var value = result.ValueType is null ? null : result.GetValue<object>();
        var model = (value as ChatMessageContent)?.ModelId ?? (value as ChatResponse)?.ModelId;
        object? usage = null;
        if (result.Metadata?.TryGetValue("Usage", out var reported) == true)
        {
            usage = reported;
        }

        usage ??= (value as ChatResponse)?.Usage ?? (value as ChatMessageContent)?.Metadata?.GetValueOrDefault("Usage");

        return usage switch
        {
            UsageDetails details => (details, model),
            OpenAI.Chat.ChatTokenUsage openAI => (new UsageDetails
            {
                InputTokenCount = openAI.InputTokenCount,
                OutputTokenCount = openAI.OutputTokenCount,
                CachedInputTokenCount = openAI.InputTokenDetails?.CachedTokenCount,
            }, model),
            _ => (null, model),
        };
    }
}
