using System.Net;

namespace LlmAspire.Routing;

/// <summary>A provider failure, classified the same way whatever SDK reported it.</summary>
/// <param name="Type">
/// A short, stable error type: <c>http_429</c>, <c>http_503</c>, <c>timeout</c>, <c>connection</c>,
/// <c>stream_cut</c>, <c>malformed_response</c> or <c>unknown</c>.
/// </param>
/// <param name="StatusCode">The provider's HTTP status, when there was one.</param>
/// <param name="IsTransient">Whether trying again (here or on another target) may succeed.</param>
/// <param name="Message">The provider's error message with secrets removed, suitable for an error body.</param>
public sealed record LlmError(string Type, HttpStatusCode? StatusCode, bool IsTransient, string Message)
{
    /// <summary>Gets how long the provider asked callers to wait (<c>retry-after-ms</c> or <c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets a value indicating whether the provider rejected the request itself (HTTP 400 or 422): no retry helps and
    /// no other target would accept it either.
    /// </summary>
    public bool IsCallerError => StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;
}
