using Microsoft.Extensions.AI;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// A response's token counts split the way prices are: <see cref="Input"/> counts every input token, cached reads
/// and cache writes included, as MEAI reports them for OpenAI (<c>cached_tokens</c> is part of
/// <c>prompt_tokens</c>) and Anthropic (cache reads and creation are added into <c>InputTokenCount</c>).
/// </summary>
internal readonly record struct UsageTokens(long Input, long Cached, long CacheWrite, long Output)
{
    public const string CacheWriteKey = "CacheCreationInputTokens";

    public long Uncached => Math.Max(0, Input - Cached - CacheWrite);

    public static UsageTokens From(UsageDetails? usage)
    {
        if (usage is null)
        {
            return default;
        }

        long write = 0;
        if (usage.AdditionalCounts?.TryGetValue(CacheWriteKey, out var counted) == true)
        {
            write = counted;
        }

        return new UsageTokens(
            usage.InputTokenCount ?? 0,
            usage.CachedInputTokenCount ?? 0,
            write,
            usage.OutputTokenCount ?? 0);
    }
}
