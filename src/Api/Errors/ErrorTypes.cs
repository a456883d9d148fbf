namespace LlmAspire.Api.Errors;

/// <summary>The OpenAI error <c>type</c> values the gateway uses.</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";

    public const string Upstream = "upstream_error";

    public const string Timeout = "timeout_error";

    public const string Server = "server_error";

    public const string RateLimit = "rate_limit_error";
}
