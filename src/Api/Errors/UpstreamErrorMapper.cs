using System.Text;
using LlmAspire.Routing;

namespace LlmAspire.Api.Errors;

/// <summary>
/// Turns a failed upstream call into the answer the caller gets. Bodies name targets and error types only: never
/// keys, never the request's or the provider's content beyond a caller-error message the library has cleaned.
/// </summary>
internal static class UpstreamErrorMapper
{
    public static GatewayError Map(Exception exception, string model) => exception switch
    {
        LlmAspire.Costs.LlmBudgetExceededException budget => new GatewayError(
            StatusCodes.Status429TooManyRequests,
            "insufficient_quota",
            "budget_exceeded",
            null,
            budget.Message)
        {
            RetryAfter = budget.RetryAfter,
        },
        StackExchange.Redis.RedisException => new GatewayError(
            StatusCodes.Status503ServiceUnavailable,
            ErrorTypes.Server,
            "budget_store_unavailable",
            null,
            "The shared store that holds budgets and usage (Redis, ConnectionStrings:cache) did not answer, so the " +
            "request's cost could not be reserved. Try again shortly."),
        LlmRouteException { IsCallerError: true } route => GatewayError.Invalid(
            ErrorCodes.UpstreamRejected,
            null,
            $"The provider rejected the request: {route.LastError?.Message} " +
            "Fix the request; another target would reject it too."),
        LlmRouteException { TimedOut: true } route => new GatewayError(
            StatusCodes.Status504GatewayTimeout,
            ErrorTypes.Timeout,
            ErrorCodes.Timeout,
            null,
            $"'{model}' did not answer within the total timeout ({DescribeAttempts(route)}) " +
            "Raise Llm:Resilience:TotalTimeout if the model needs longer.")
        {
            Attempts = route.Attempts,
        },
        LlmRouteException route when IsRateLimited(route) => new GatewayError(
            StatusCodes.Status429TooManyRequests,
            ErrorTypes.RateLimit,
            ErrorCodes.RateLimitExceeded,
            null,
            $"Every target of '{route.Route}' is rate limited ({DescribeAttempts(route)}) " +
            "Retry after the Retry-After delay.")
        {
            Attempts = route.Attempts,
            RetryAfter = route.Attempts.Min(a => a.Error?.RetryAfter) ?? TimeSpan.FromSeconds(1),
        },
        LlmRouteException route => new GatewayError(
            StatusCodes.Status502BadGateway,
            ErrorTypes.Upstream,
            ErrorCodes.AllTargetsFailed,
            null,
            DescribeAttempts(route))
        {
            Attempts = route.Attempts,
        },
        OperationCanceledException or TimeoutException => new GatewayError(
            StatusCodes.Status504GatewayTimeout,
            ErrorTypes.Timeout,
            ErrorCodes.Timeout,
            null,
            $"'{model}' did not answer within the total timeout. Try again, or raise Llm:Resilience:TotalTimeout."),
        _ => new GatewayError(
            StatusCodes.Status500InternalServerError,
            ErrorTypes.Server,
            ErrorCodes.Internal,
            null,
            "The gateway failed unexpectedly while handling the request. Try again; if it persists, check the " +
            "gateway's logs."),
    };

    /// <summary>Every attempt was turned away for rate (by our limiter or the provider's 429), not for a fault.</summary>
    private static bool IsRateLimited(LlmRouteException route) =>
        route.Attempts.Count > 0
            && route.Attempts.All(a => a.Error?.StatusCode == System.Net.HttpStatusCode.TooManyRequests);

    private static string DescribeAttempts(LlmRouteException route)
    {
        if (route.Attempts.Count == 0)
        {
            return $"'{route.Route}' has no target that could be tried. Check its targets' providers in Llm:Providers.";
        }

        var builder = new StringBuilder("Every target of '").Append(route.Route).Append("' failed: ");
        for (var i = 0; i < route.Attempts.Count; i++)
        {
            var attempt = route.Attempts[i];
            builder.Append(i == 0 ? "" : "; ").Append(attempt.Target).Append(' ').Append(attempt.Error?.Type ?? "ok");
        }

        return builder.Append(". Try again later or use another route; GET /v1/models lists them.").ToString();
    }
}
