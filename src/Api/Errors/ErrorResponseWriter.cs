using System.Text.Json;
using LlmAspire.Api.Wire;

namespace LlmAspire.Api.Errors;

/// <summary>Writes <see cref="GatewayError"/> in the OpenAI envelope, as a JSON body or as an SSE error event.</summary>
internal static class ErrorResponseWriter
{
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText ParamName = JsonEncodedText.Encode("param");
    private static readonly JsonEncodedText AttemptsName = JsonEncodedText.Encode("attempts");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");

    /// <summary>Answers with <paramref name="error"/> as a JSON body; the response must not have started.</summary>
    /// <remarks>
    /// The flush is not cancellable: the body is small, and a client that has gone away makes the server discard it
    /// rather than fail.
    /// </remarks>
    public static async Task WriteAsync(HttpResponse response, GatewayError error)
    {
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            var seconds = (long)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var writer = JsonWriterCache.Rent(response.BodyWriter);
        Write(writer, error);
        JsonWriterCache.Return(writer);

        await response.BodyWriter.FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes the envelope object.</summary>
    public static void Write(Utf8JsonWriter writer, GatewayError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(ErrorName);
        writer.WriteString(MessageName, error.Message);
        writer.WriteString(TypeName, error.Type);
        writer.WriteString(CodeName, error.Code);
        if (error.Param is null)
        {
            writer.WriteNull(ParamName);
        }
        else
        {
            writer.WriteString(ParamName, error.Param);
        }

        if (error.Attempts.Count > 0)
        {
            WriteAttempts(writer, error.Attempts);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAttempts(Utf8JsonWriter writer, IReadOnlyList<LlmAspire.Routing.LlmAttempt> attempts)
    {
        writer.WriteStartArray(AttemptsName);
        foreach (var attempt in attempts)
        {
            writer.WriteStartObject();
            writer.WriteString(TargetName, attempt.Target);
            writer.WriteString(TypeName, attempt.Error?.Type ?? "ok");
            if (attempt.Error?.StatusCode is { } status)
            {
                writer.WriteNumber(StatusName, (int)status);
            }
            else
            {
                writer.WriteNull(StatusName);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
