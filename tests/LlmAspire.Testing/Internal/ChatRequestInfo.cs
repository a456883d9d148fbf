using System.Text;
using System.Text.Json;

namespace LlmAspire.Testing.Internal;

// The few request fields the fakes act on, read with a forward-only reader so that serving a request
// does not build a DOM (the fakes also stand in for fast upstreams in benchmarks).
internal readonly record struct ChatRequestInfo(string? Model, bool Stream, bool IncludeUsage)
{
    public static ChatRequestInfo Parse(string body, bool streamWhenAbsent) =>
        Parse(Encoding.UTF8.GetBytes(body), streamWhenAbsent);

    public static ChatRequestInfo Parse(ReadOnlySpan<byte> body, bool streamWhenAbsent)
    {
        string? model = null;
        bool? stream = null;
        var includeUsage = false;

        if (body.IsEmpty)
        {
            return new ChatRequestInfo(null, streamWhenAbsent, false);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new ChatRequestInfo(null, streamWhenAbsent, false);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : null;
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    includeUsage = ReadIncludeUsage(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A broken body still gets an answer; the recorded request keeps the raw text for assertions.
        }

        return new ChatRequestInfo(model, stream ?? streamWhenAbsent, includeUsage);
    }

    private static bool ReadIncludeUsage(ref Utf8JsonReader reader)
    {
        var includeUsage = false;

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage && reader.TokenType == JsonTokenType.True)
            {
                includeUsage = true;
            }

            reader.Skip();
        }

        return includeUsage;
    }
}
