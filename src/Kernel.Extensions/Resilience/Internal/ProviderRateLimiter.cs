using System.Diagnostics;
using System.Net;
using LlmAspire.Providers;
using LlmAspire.Routing;
using LlmAspire.Telemetry.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Resilience.Internal;

/// <summary>
/// A provider's client-side limits: requests per minute and tokens per minute, shared by every target on the provider
/// (and by every replica when the store is Redis). A call waits for room up to
/// <see cref="Configuration.LlmResilienceOptions.MaxRateLimitWait"/>; past that it fails with <c>rate_limited</c> and
/// the route moves on.
/// </summary>
/// <remarks>
/// Tokens are estimated before the call (a quarter of the characters of the messages, plus the request's output cap)
/// and corrected from the provider's reported usage afterwards.
/// </remarks>
internal sealed partial class ProviderRateLimiter(
    string provider,
    int? requestsPerMinute,
    int? tokensPerMinute,
    TimeSpan maxWait,
    IRateLimitStore store,
    TimeProvider timeProvider,
    ILogger logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly string _requestKey = $"llmaspire:ratelimit:{provider}:requests";
    private readonly string _tokenKey = $"llmaspire:ratelimit:{provider}:tokens";

    /// <summary>Waits for room for one request of about <paramref name="estimatedTokens"/> tokens.</summary>
    /// <returns>The tokens charged, to correct with <see cref="SettleAsync"/> once the usage is known.</returns>
    public async ValueTask<long> AcquireAsync(long estimatedTokens, TagList tags, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        if (requestsPerMinute is { } rpm)
        {
            waited += await WaitForAsync(_requestKey, 1, rpm, waited, "requests", tags, cancellationToken)
                .ConfigureAwait(false);
        }

        if (tokensPerMinute is not { } tpm)
        {
            return 0;
        }

        // A request larger than the whole window could never fit; it is charged as a full window instead.
        var tokens = Math.Clamp(estimatedTokens, 1, tpm);
        try
        {
            await WaitForAsync(_tokenKey, tokens, tpm, waited, "tokens", tags, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (requestsPerMinute is { } limit)
            {
                await store.AdjustAsync(_requestKey, -1, limit, Window, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        return tokens;
    }

    /// <summary>Corrects the token window from the estimate to the reported usage.</summary>
    public ValueTask SettleAsync(long charged, UsageDetails? usage)
    {
        if (tokensPerMinute is not { } tpm || charged == 0 || usage is null)
        {
            return ValueTask.CompletedTask;
        }

        var total = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0));
        return total == 0 || total == charged
            ? ValueTask.CompletedTask
            : store.AdjustAsync(_tokenKey, total - charged, tpm, Window, CancellationToken.None);
    }

    public static long EstimateTokens(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        long characters = 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                characters += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
                    FunctionCallContent call => call.Name.Length + 32,
                    _ => 256,
                };
            }
        }

        return (characters / 4) + 4 + (options?.MaxOutputTokens ?? 0);
    }

    private async ValueTask<TimeSpan> WaitForAsync(
        string key,
        long units,
        long limit,
        TimeSpan alreadyWaited,
        string what,
        TagList tags,
        CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var decision = await store.TryAcquireAsync(key, units, limit, Window, cancellationToken)
                .ConfigureAwait(false);
            if (decision.Granted)
            {
                return waited;
            }

            if (alreadyWaited + waited + decision.RetryAfter > maxWait)
            {
                LlmAspireMetrics.RateLimitRejections.Add(1, tags);
                LogRejected(logger, provider, what, decision.RetryAfter);
                throw new LlmProviderException(new LlmError(
                    "rate_limited",
                    HttpStatusCode.TooManyRequests,
                    IsTransient: true,
                    $"The client-side limit of {limit} {what} per minute for provider '{provider}' is used up; room " +
                    $"in {decision.RetryAfter}. Raise " +
                    $"Llm:Providers:{provider}:{(what == "requests" ? "RequestsPerMinute" : "TokensPerMinute")} or " +
                    "Llm:Resilience:MaxRateLimitWait.")
                {
                    RetryAfter = decision.RetryAfter,
                });
            }

            LlmAspireMetrics.RateLimitWaits.Add(1, tags);
            LogWaiting(logger, provider, what, decision.RetryAfter);
            await Task.Delay(decision.RetryAfter, timeProvider, cancellationToken).ConfigureAwait(false);
            waited += decision.RetryAfter;
        }
    }

    [LoggerMessage(
        EventId = 1203,
        Level = LogLevel.Debug,
        Message = "Waiting {Delay} for room under the {What}-per-minute limit of provider {Provider}.")]
    private static partial void LogWaiting(ILogger logger, string provider, string what, TimeSpan delay);

    [LoggerMessage(
        EventId = 1204,
        Level = LogLevel.Warning,
        Message = "The {What}-per-minute limit of provider {Provider} has no room for {Delay}; failing over.")]
    private static partial void LogRejected(ILogger logger, string provider, string what, TimeSpan delay);
}
