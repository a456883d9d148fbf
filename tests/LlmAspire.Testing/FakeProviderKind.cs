namespace LlmAspire.Testing;

/// <summary>
/// The wire format a <see cref="FakeProvider"/> speaks.
/// </summary>
public enum FakeProviderKind
{
    /// <summary>OpenAI Chat Completions: <c>POST /v1/chat/completions</c> (JSON and SSE) and <c>GET /v1/models</c>.</summary>
    OpenAI,

    /// <summary>Anthropic Messages: <c>POST /v1/messages</c> (JSON and SSE with <c>event:</c> lines) and <c>GET /v1/models</c>.</summary>
    Anthropic,

    /// <summary>
    /// Ollama: <c>POST /api/chat</c> (NDJSON or one JSON object), <c>GET /api/tags</c>, <c>POST /api/pull</c>,
    /// <c>GET /api/version</c> and <c>GET /</c>.
    /// </summary>
    Ollama,
}
