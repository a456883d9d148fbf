using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>
/// Reads a message's <c>content</c>: a string, or an array of parts (<c>text</c>, <c>image_url</c>). Parts are read
/// by hand rather than by a nested deserialization, so an error keeps the path of the message it belongs to.
/// </summary>
internal sealed class MessageContentConverter : JsonConverter<MessageContentDto>
{
    public override MessageContentDto Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new MessageContentDto { Text = reader.GetString() };
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new WireFormatException("'content' must be a string or an array of content parts.");
        }

        var parts = new List<ContentPartDto?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            parts.Add(reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.StartObject => ReadPart(ref reader, parts.Count),
                _ => throw new WireFormatException($"Content part {parts.Count} must be an object."),
            });
        }

        return new MessageContentDto { Parts = parts };
    }

    public override void Write(Utf8JsonWriter writer, MessageContentDto value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The gateway only reads requests.");

    private static ContentPartDto ReadPart(ref Utf8JsonReader reader, int index)
    {
        var part = new ContentPartDto();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.ValueTextEquals("type"u8) ? 1
                : reader.ValueTextEquals("text"u8) ? 2
                : reader.ValueTextEquals("image_url"u8) ? 3
                : 0;
            reader.Read();
            switch (property)
            {
                case 1:
                    part.Type = WireReading.ReadString(ref reader, $"'type' of content part {index} must be a string.");
                    break;

                case 2:
                    part.Text = WireReading.ReadString(ref reader, $"'text' of content part {index} must be a string.");
                    break;

                case 3:
                    part.ImageUrl = ReadImageUrl(ref reader, index);
                    break;

                default:
                    reader.Skip();
                    break;
            }
        }

        return part;
    }

    private static ImageUrlDto? ReadImageUrl(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WireFormatException($"'image_url' of content part {index} must be an object with a 'url'.");
        }

        var image = new ImageUrlDto();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.ValueTextEquals("url"u8) ? 1 : reader.ValueTextEquals("detail"u8) ? 2 : 0;
            reader.Read();
            if (property == 1)
            {
                image.Url = WireReading.ReadString(
                    ref reader,
                    $"'image_url.url' of content part {index} must be a string.");
            }
            else if (property == 2)
            {
                image.Detail = WireReading.ReadString(
                    ref reader,
                    $"'image_url.detail' of content part {index} must be a string.");
            }
            else
            {
                reader.Skip();
            }
        }

        return image;
    }
}
