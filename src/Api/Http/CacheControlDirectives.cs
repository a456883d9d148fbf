using LlmAspire.Caching;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Primitives;

namespace LlmAspire.Api.Http;

/// <summary>
/// Maps a request's <c>Cache-Control: no-cache</c> (skip the lookup, refresh the entry) and <c>no-store</c> (keep the
/// answer out of the cache) to the response cache's per-request switches.
/// </summary>
internal static class CacheControlDirectives
{
    public static void Apply(StringValues cacheControl, ChatOptions options)
    {
        if (StringValues.IsNullOrEmpty(cacheControl))
        {
            return;
        }

        foreach (var value in cacheControl)
        {
            foreach (var part in (value ?? string.Empty).Split(
                ',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    (options.AdditionalProperties ??= [])[LlmCacheOptions.NoCacheKey] = true;
                }
                else if (part.Equals("no-store", StringComparison.OrdinalIgnoreCase))
                {
                    (options.AdditionalProperties ??= [])[LlmCacheOptions.NoStoreKey] = true;
                }
            }
        }
    }
}
