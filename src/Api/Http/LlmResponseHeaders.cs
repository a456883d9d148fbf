using LlmAspire.Caching;
using LlmAspire.Routing;

namespace LlmAspire.Api.Http;

/// <summary>Sets the <c>x-llm-*</c> headers that say who answered a chat request.</summary>
internal static class LlmResponseHeaders
{
    public const string Route = "x-llm-route";
    public const string Provider = "x-llm-provider";
    public const string Model = "x-llm-model";
    public const string Attempts = "x-llm-attempts";
    public const string Cache = "x-llm-cache";
    public const string Cost = "x-llm-cost-usd";

    private static readonly string[] SmallCounts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// Sets the headers of a call that got no answer: the route and how many attempts were made; no provider or model
    /// answered, so those are empty.
    /// </summary>
    public static void SetFailed(HttpResponse response, LlmCallContext context, Exception exception)
    {
        var attempts = Math.Max(context.Attempts.Count, (exception as LlmRouteException)?.Attempts.Count ?? 0);
        var headers = response.Headers;
        headers[Route] = context.Route ?? string.Empty;
        headers[Provider] = string.Empty;
        headers[Model] = string.Empty;
        headers[Attempts] = Count(attempts);
        headers[Cache] = CacheValue(context.CacheStatus);
    }

    /// <summary>Sets the headers; the response must not have started.</summary>
    public static void Set(HttpResponse response, LlmCallContext context, string model)
    {
        var headers = response.Headers;
        headers[Route] = context.Route ?? string.Empty;
        headers[Provider] = context.Provider ?? string.Empty;
        headers[Model] = model;

        headers[Attempts] = Count(context.Attempts.Count);
        headers[Cache] = CacheValue(context.CacheStatus);
        if (context.CostUsd is { } cost)
        {
            headers[Cost] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary><c>hit</c>, <c>miss</c> or <c>bypass</c>; a call no cache stage saw was not looked up, so it is a bypass.</summary>
    private static string CacheValue(LlmCacheStatus? status) => status switch
    {
        LlmCacheStatus.Hit => "hit",
        LlmCacheStatus.Miss => "miss",
        _ => "bypass",
    };

    private static string Count(int count) =>
        count < SmallCounts.Length
            ? SmallCounts[count]
            : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
