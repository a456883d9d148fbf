using System.Globalization;
using System.Text.Json;
using LlmAspire.Api.Wire;

namespace LlmAspire.Api.Errors;

/// <summary>
/// Describes why a request body could not be read, naming the JSON path and position but never quoting the body.
/// </summary>
internal static class JsonErrors
{
    public static GatewayError FromException(JsonException exception)
    {
        var param = ToParam(exception.Path);
        var where = Position(exception, param);

        if (exception is WireFormatException)
        {
            return GatewayError.Invalid(ErrorCodes.InvalidType, param, $"{exception.Message} ({where})");
        }

        if (IsSyntaxError(exception))
        {
            return GatewayError.Invalid(
                ErrorCodes.InvalidJson,
                param,
                $"The request body is not valid JSON ({where}). Fix the JSON syntax.");
        }

        return GatewayError.Invalid(
            ErrorCodes.InvalidType,
            param,
            param is null
                ? $"The request body must be a JSON object ({where})."
                : $"'{param}' has the wrong type or an invalid value ({where}). " +
                    "Check the type the OpenAI API expects.");
    }

    /// <summary>Turns <c>$.messages[0].content</c> into <c>messages[0].content</c>; the root has no parameter.</summary>
    public static string? ToParam(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static bool IsSyntaxError(JsonException exception) =>

        // The reader's own exception type is internal: a syntax error is either that type itself (thrown while
        // checking for trailing data) or a JsonException wrapping it (thrown during deserialization).
        exception.InnerException is JsonException || exception.GetType() != typeof(JsonException);

    private static string Position(JsonException exception, string? param)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var position = (exception.BytePositionInLine ?? 0) + 1;
        var at = string.Create(CultureInfo.InvariantCulture, $"line {line}, byte {position}");
        return param is null ? at : $"at '{param}', {at}";
    }
}
