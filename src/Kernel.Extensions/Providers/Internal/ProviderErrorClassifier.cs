using System.ClientModel;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Anthropic.Exceptions;
using LlmAspire.Routing;
using OllamaSharp.Models.Exceptions;

namespace LlmAspire.Providers.Internal;

/// <summary>
/// Turns whatever an SDK threw into one <see cref="LlmError"/>, so retry, failover and the gateway see every provider
/// the same way. This is the only place that knows each SDK's exception types.
/// </summary>
internal static partial class ProviderErrorClassifier
{
    private const int AnthropicOverloaded = 529;

    public static LlmError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        return exception switch
        {
            LlmProviderException e => e.Error,
            StreamInterruptedException e => new LlmError("stream_cut", null, IsTransient: true, e.Message),
            Microsoft.SemanticKernel.HttpOperationException { StatusCode: { } status } e => FromStatus(
                (int)status,
                e.Message),
            ClientResultException { Status: > 0 } e => FromStatus(e.Status, e.Message),
            ClientResultException e => Connection(e),
            AnthropicApiException e => FromStatus((int)e.StatusCode, e.Message),
            AnthropicIOException e => Connection(e),
            AnthropicInvalidDataException e => Malformed(e),
            AnthropicSseException e => new LlmError("stream_error", null, IsTransient: true, Scrub(e.Message)),
            HttpRequestException { StatusCode: { } status } e => FromStatus((int)status, e.Message),
            HttpRequestException e => Connection(e),
            // OllamaSharp throws this for a 400 (the body's error text, without the status) and for an error line in a
            // stream. Neither improves on a retry, but another target may still answer.
            OllamaException e => new LlmError("provider_error", null, IsTransient: false, Scrub(e.Message)),
            TimeoutException e => new LlmError(
                "timeout",
                HttpStatusCode.RequestTimeout,
                IsTransient: true,
                Scrub(e.Message)),
            JsonException or FormatException => Malformed(exception),
            OperationCanceledException e => new LlmError(
                "timeout",
                HttpStatusCode.RequestTimeout,
                IsTransient: true,
                Scrub(e.Message)),
            IOException e => Connection(e),
            _ when exception.InnerException is { } inner && inner is not OperationCanceledException => Classify(inner),
            _ => new LlmError("unknown", null, IsTransient: false, Scrub(exception.Message)),
        };
    }

    /// <summary>Removes anything that looks like a credential from a provider's message.</summary>
    public static string Scrub(string message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        return SecretPattern().Replace(message, "[redacted]");
    }

    private static LlmError FromStatus(int status, string message)
    {
        var transient = status is 408 or 409 or 429 or 500 or 502 or 503 or 504 or AnthropicOverloaded;
        return new LlmError($"http_{status}", (HttpStatusCode)status, transient, Scrub(message));
    }

    private static LlmError Connection(Exception exception) =>
        new("connection", null, IsTransient: true, Scrub(exception.Message));

    private static LlmError Malformed(Exception exception) =>
        new("malformed_response", null, IsTransient: true, Scrub(exception.Message));

    // OpenAI (sk-..., sk-proj-...) and Anthropic (sk-ant-...) keys, even partly masked, and bearer tokens.
    [GeneratedRegex(@"(sk-[A-Za-z0-9_\-\*\.]{3,})|((?i:bearer)\s+[A-Za-z0-9_\-\.=\*]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
