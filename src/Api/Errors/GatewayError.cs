namespace LlmAspire.Api.Errors;

/// <summary>
/// An error answer in the OpenAI envelope <c>{"error":{"message","type","code","param"}}</c>. The message never
/// carries prompt or completion content, keys or headers.
/// </summary>
/// <param name="StatusCode">The HTTP status to answer with.</param>
/// <param name="Type">The OpenAI error type, for example <c>invalid_request_error</c>.</param>
/// <param name="Code">A stable machine-readable code, for example <c>model_not_found</c>.</param>
/// <param name="Param">The request field at fault, when there is one.</param>
/// <param name="Message">What happened, the value at fault when it is not content, and what to do next.</param>
internal sealed record GatewayError(int StatusCode, string Type, string Code, string? Param, string Message)
{
    /// <summary>Attempts to list in the error body (502 only); empty otherwise.</summary>
    public IReadOnlyList<LlmAspire.Routing.LlmAttempt> Attempts { get; init; } = [];

    /// <summary>How long the caller should wait before trying again, sent as <c>Retry-After</c> (429 only).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static GatewayError Invalid(string code, string? param, string message) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, code, param, message);
}
