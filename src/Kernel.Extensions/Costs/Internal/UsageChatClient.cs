using System.Diagnostics;
using System.Runtime.CompilerServices;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// The usage scope, outermost on a route: makes sure the call has an <see cref="LlmCallContext"/> (which carries the
/// tenant), and once the answer is complete writes one usage record for the target that answered: cost, tokens,
/// latency and whether the response cache answered (no upstream attempt was made). Sets
/// <see cref="LlmCallContext.CostUsd"/> and the <c>llmaspire.cost_usd</c> tag on the current span.
/// </summary>
/// <remarks>
/// A failed call writes no record. A stream writes its record when it ends normally; one the caller abandons writes
/// none (its budget reservation is kept as spend instead).
/// </remarks>
internal sealed class UsageChatClient(
    IChatClient innerClient,
    string route,
    bool isRoute,
    CostMeter meter,
    TimeProvider timeProvider)
    : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var context = EnsureContext(ref options);
        var started = timeProvider.GetTimestamp();

        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);

        await RecordAsync(context, response.Usage, response.ModelId, started).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = EnsureContext(ref options);
        var started = timeProvider.GetTimestamp();
        UsageDetails? usage = null;
        string? modelId = null;

        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken)
            .ConfigureAwait(false))
        {
            StreamUsage.Accumulate(ref usage, update);
            modelId ??= update.ModelId;
            yield return update;
        }

        await RecordAsync(context, usage, modelId, started).ConfigureAwait(false);
    }

    private LlmCallContext EnsureContext(ref ChatOptions? options)
    {
        if (!LlmCallContext.TryGet(options, out var context))
        {
            context = new LlmCallContext();
            options = options?.Clone() ?? new ChatOptions();
            context.AttachTo(options);
        }

        return context;
    }

    private async Task RecordAsync(LlmCallContext context, UsageDetails? usage, string? responseModel, long started)
    {
        // A downgrade runs another route's stages inside this one; that route's scope has written the record.
        if (context.UsageRecorded || context.Provider is null || context.Model is null)
        {
            return;
        }

        context.UsageRecorded = true;
        var tokens = UsageTokens.From(usage);
        var quote = meter.Quote(context.Provider, context.Model, responseModel, tokens);
        var cacheHit = context.Attempts.Count == 0;
        var cost = cacheHit ? 0m : quote.CostUsd;
        context.CostUsd = cost;
        Activity.Current?.SetTag("llmaspire.cost_usd", (double)cost);

        var record = new LlmUsageRecord(
            timeProvider.GetUtcNow(),
            context.Tenant,
            context.Route ?? (isRoute ? route : null),
            context.Provider,
            context.Model,
            responseModel,
            tokens.Input,
            tokens.Cached,
            tokens.CacheWrite,
            tokens.Output,
            cost,
            quote.Priced,
            timeProvider.GetElapsedTime(started),
            cacheHit,
            cacheHit ? quote.CostUsd : 0m);

        // The record is written even if the caller has gone: the provider billed the call.
        await meter.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
    }
}
