using LlmAspire.Routing;

namespace LlmAspire.Providers;

/// <summary>
/// A provider call failed. Whatever the SDK threw is classified into <see cref="Error"/> and its message is scrubbed of
/// credentials; the SDK's exception is not kept, because its message and response body can quote keys or content.
/// </summary>
public sealed class LlmProviderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LlmProviderException"/> class.</summary>
    /// <param name="error">The classified failure.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public LlmProviderException(LlmError error)
        : base(Describe(error))
    {
        Error = error;
    }

    /// <summary>Initializes a new instance of the <see cref="LlmProviderException"/> class.</summary>
    public LlmProviderException()
        : this(new LlmError("unknown", null, IsTransient: false, "The provider call failed."))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LlmProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    public LlmProviderException(string message)
        : this(new LlmError("unknown", null, IsTransient: false, message))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LlmProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LlmProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new LlmError("unknown", null, IsTransient: false, message);
    }

    /// <summary>Gets the classified failure.</summary>
    public LlmError Error { get; }

    private static string Describe(LlmError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"The provider call failed with {error.Type}: {error.Message}";
    }
}
