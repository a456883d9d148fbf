using LlmAspire.Configuration;
using LlmAspire.Resilience.Internal;
using Microsoft.Extensions.Options;

namespace LlmAspire.Api.Tenants;

/// <summary>
/// Each tenant's <c>Llm:Tenants:{name}:RequestsPerMinute</c>, counted per chat request in the same windows as the
/// providers' limits: in Redis when <c>ConnectionStrings:cache</c> is set, so every replica shares one count.
/// A tenant over its rate is answered at once (429 with <c>Retry-After</c>); it never waits.
/// </summary>
internal sealed class TenantRateLimiter(IOptions<LlmOptions> options, IRateLimitStore store)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <returns>A granted decision, or how long until the tenant has room again.</returns>
    public ValueTask<RateLimitDecision> TryAcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!options.Value.Tenants.TryGetValue(tenant, out var settings) || settings.RequestsPerMinute is not { } limit)
        {
            return ValueTask.FromResult(RateLimitDecision.Grant);
        }

        return store.TryAcquireAsync(
            $"llmaspire:ratelimit:tenant:{tenant}:requests",
            1,
            limit,
            Window,
            cancellationToken);
    }
}
