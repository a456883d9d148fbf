using LlmAspire.Routing;

namespace LlmAspire.Api.Http;

/// <summary>Sets the <c>x-llm-*</c> headers that say who answered a chat request.</summary>
internal static class LlmResponseHeaders
{
    public const string Route = "x-llm-route";
    public const string Provider = "x-llm-provider";
    public const string Model = "x-llm-model";
    public const string Attempts = "x-llm-attempts";

    private static readonly string[] SmallCounts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Sets the headers; the response must not have started.</summary>
    public static void Set(HttpResponse response, LlmCallContext context, string model)
    {
        var headers = response.Headers;
        headers[Route] = context.Route ?? string.Empty;
        headers[Provider] = context.Provider ?? string.Empty;
        headers[Model] = model;

        var count = context.Attempts.Count;
        headers[Attempts] = count < SmallCounts.Length ? SmallCounts[count] : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
