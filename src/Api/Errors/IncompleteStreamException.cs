namespace LlmAspire.Api.Errors;

/// <summary>An upstream stream ended without a finish reason, so its answer may have been cut short.</summary>
internal sealed class IncompleteStreamException : Exception
{
    public IncompleteStreamException()
        : base("The upstream stream ended without a finish reason, so the answer may be incomplete. Retry the request.")
    {
    }

    public IncompleteStreamException(string message)
        : base(message)
    {
    }

    public IncompleteStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
