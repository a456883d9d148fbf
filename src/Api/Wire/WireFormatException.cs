using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>
/// Raised by the wire converters when a member has a shape the API does not allow; the serializer adds the JSON path.
/// </summary>
internal sealed class WireFormatException : JsonException
{
    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException()
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
