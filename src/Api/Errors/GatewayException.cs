namespace LlmAspire.Api.Errors;

/// <summary>Carries a <see cref="GatewayError"/> from where bad input is found to the endpoint that answers.</summary>
internal sealed class GatewayException : Exception
{
    public GatewayException(GatewayError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public GatewayException()
        : this(GatewayError.Invalid(ErrorCodes.InvalidValue, null, "The request is invalid."))
    {
    }

    public GatewayException(string message)
        : this(GatewayError.Invalid(ErrorCodes.InvalidValue, null, message))
    {
    }

    public GatewayException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = GatewayError.Invalid(ErrorCodes.InvalidValue, null, message);
    }

    public GatewayError Error { get; }

    public static GatewayException Invalid(string code, string? param, string message) =>
        new(GatewayError.Invalid(code, param, message));
}
