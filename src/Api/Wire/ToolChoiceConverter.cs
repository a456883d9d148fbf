using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>
/// Reads <c>tool_choice</c>: <c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or
/// <c>{"type":"function","function":{"name":...}}</c>. Values are checked later, where the error can name the field.
/// </summary>
internal sealed class ToolChoiceConverter : JsonConverter<ToolChoiceDto>
{
    public override ToolChoiceDto Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new ToolChoiceDto { Mode = reader.GetString() };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WireFormatException("'tool_choice' must be a string or an object.");
        }

        string? type = null;
        string? name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("function"u8) ? 2 : 0;
            reader.Read();
            if (property == 1)
            {
                type = WireReading.ReadString(ref reader, "'tool_choice.type' must be a string.");
            }
            else if (property == 2)
            {
                name = ReadFunctionName(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (type != "function")
        {
            throw new WireFormatException("'tool_choice.type' must be \"function\" when 'tool_choice' is an object.");
        }

        return new ToolChoiceDto { Mode = "function", FunctionName = name };
    }

    public override void Write(Utf8JsonWriter writer, ToolChoiceDto value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The gateway only reads requests.");

    private static string? ReadFunctionName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WireFormatException("'tool_choice.function' must be an object with a 'name'.");
        }

        string? name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName)
            {
                name = WireReading.ReadString(ref reader, "'tool_choice.function.name' must be a string.");
            }
            else
            {
                reader.Skip();
            }
        }

        return name;
    }
}
