using LlmAspire.Api.Errors;

namespace LlmAspire.Api.Tenants;

/// <summary>
/// Requires a tenant key on every <c>/v1</c> request when tenants are configured, answering 401 in the OpenAI envelope
/// otherwise, and stores the tenant for the endpoints. The key itself is never logged or echoed.
/// </summary>
internal static class TenantMiddleware
{
    public static readonly GatewayError Unauthorized = new(
        StatusCodes.Status401Unauthorized,
        ErrorTypes.InvalidRequest,
        "invalid_api_key",
        null,
        "The request has no valid API key. Send one of the gateway's tenant keys as 'Authorization: Bearer <key>'.");

    private static GatewayError TenantRateLimited(string tenant, TimeSpan retryAfter) => new(
        StatusCodes.Status429TooManyRequests,
        ErrorTypes.RateLimit,
        ErrorCodes.RateLimitExceeded,
        null,
        $"Tenant '{tenant}' has used its requests per minute (Llm:Tenants:{tenant}:RequestsPerMinute). " +
        "Retry after the Retry-After delay.")
    {
        RetryAfter = retryAfter,
    };

    public static Func<HttpContext, RequestDelegate, Task> Create(
        TenantAuthenticator authenticator,
        TenantRateLimiter rateLimiter) =>
        async (context, next) =>
        {
            if (authenticator.Enabled && context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                if (!authenticator.TryAuthenticate(context.Request, out var tenant))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await ErrorResponseWriter.WriteAsync(context.Response, Unauthorized);
                    return;
                }

                context.Items[TenantAuthenticator.ItemKey] = tenant;
                if (tenant is not null
                    && HttpMethods.IsPost(context.Request.Method)
                    && await rateLimiter.TryAcquireAsync(tenant, context.RequestAborted) is { Granted: false } decision)
                {
                    await ErrorResponseWriter.WriteAsync(
                        context.Response,
                        TenantRateLimited(tenant, decision.RetryAfter));
                    return;
                }
            }

            await next(context);
        };
}
