using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>Writer settings shared by every wire write.</summary>
internal static class WireJson
{
    // The bodies are JSON for API clients, never embedded in HTML, so the relaxed encoder is safe here and keeps
    // non-ASCII text and characters such as '<' readable instead of \uXXXX-escaped.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };
}
