namespace LlmAspire.Api.Errors;

/// <summary>The error <c>code</c> values the gateway answers with; clients may branch on them.</summary>
internal static class ErrorCodes
{
    public const string InvalidJson = "invalid_json";

    public const string InvalidBody = "invalid_body";

    public const string InvalidType = "invalid_type";

    public const string MissingParameter = "missing_required_parameter";

    public const string InvalidValue = "invalid_value";

    public const string UnsupportedValue = "unsupported_value";

    public const string ModelNotFound = "model_not_found";

    public const string RequestTooLarge = "request_too_large";

    public const string UnsupportedMediaType = "unsupported_media_type";

    public const string NotFound = "not_found";

    public const string MethodNotAllowed = "method_not_allowed";

    public const string UpstreamRejected = "upstream_rejected_request";

    public const string AllTargetsFailed = "all_targets_failed";

    public const string StreamFailed = "stream_failed";

    public const string StreamIncomplete = "stream_incomplete";

    public const string Timeout = "timeout";

    public const string RateLimitExceeded = "rate_limit_exceeded";

    public const string Internal = "internal_error";
}
