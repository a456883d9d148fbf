using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>Reads <c>stop</c>, which is either one string or an array of strings.</summary>
internal sealed class StopSequencesConverter : JsonConverter<List<string>>
{
    public override List<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new WireFormatException("'stop' must be a string or an array of strings.");
        }

        var stops = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new WireFormatException("Every entry of 'stop' must be a string.");
            }

            stops.Add(reader.GetString()!);
        }

        return stops;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The gateway only reads requests.");
}
