using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>Small reader helpers shared by the hand-written converters.</summary>
internal static class WireReading
{
    public static string? ReadString(ref Utf8JsonReader reader, string error) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new WireFormatException(error),
    };
}
