namespace LlmAspire.Providers;

/// <summary>
/// Thrown when a provider's stream ends without a finish reason: the connection dropped or the provider sent an error
/// mid-stream, and the text the caller received is incomplete.
/// </summary>
/// <remarks>
/// Some SDKs end such a stream quietly, as if it had finished. LlmAspire turns that into this exception so a cut
/// answer never passes for a complete one.
/// </remarks>
public sealed class StreamInterruptedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StreamInterruptedException"/> class.</summary>
    public StreamInterruptedException()
        : this("The provider's stream ended without a finish reason; the answer is incomplete.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StreamInterruptedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public StreamInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StreamInterruptedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StreamInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
