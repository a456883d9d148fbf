using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAspire.Testing.Internal;

namespace LlmAspire.Testing;

/// <summary>
/// One HTTP request as a <see cref="FakeProvider"/> received it.
/// </summary>
/// <param name="Method">The HTTP method, for example <c>POST</c>.</param>
/// <param name="Path">The request path without the query string, for example <c>/v1/chat/completions</c>.</param>
/// <param name="Headers">
/// Every request header, looked up case-insensitively (<c>Authorization</c>, <c>x-api-key</c>, <c>anthropic-version</c>, ...);
/// repeated headers are joined with <c>", "</c>.
/// </param>
/// <param name="Body">The raw body, decoded as UTF-8; empty when there was none.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    private readonly ChatRequestInfo _info = ChatRequestInfo.Parse(Body, streamWhenAbsent: false);

    internal RecordedRequest(
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string body,
        ChatRequestInfo info)
        : this(method, path, headers, body)
    {
        _info = info;
    }

    /// <summary>Gets the top-level <c>model</c> of a JSON body.</summary>
    /// <value><see langword="null"/> when the body has no <c>model</c> string.</value>
    public string? Model => _info.Model;

    /// <summary>Gets whether the request asked for a streamed answer.</summary>
    /// <value>
    /// The top-level <c>stream</c> of the body. When it is absent: <see langword="true"/> for Ollama chat requests
    /// (Ollama streams by default), <see langword="false"/> otherwise.
    /// </value>
    public bool Stream => _info.Stream;

    /// <summary>Gets the body parsed as JSON, freshly on every access, so callers may modify the node.</summary>
    /// <value><see langword="null"/> when the body is empty or not valid JSON.</value>
    public JsonNode? Json
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Body))
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Gets a header value, or <see langword="null"/> when the request did not carry it.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The header value.</returns>
    public string? Header(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        return Headers.TryGetValue(name, out var value) ? value : null;
    }
}
