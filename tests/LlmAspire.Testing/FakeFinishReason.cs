namespace LlmAspire.Testing;

/// <summary>
/// Why a scripted reply stops, written in each provider's own vocabulary.
/// </summary>
/// <remarks>
/// OpenAI: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>.
/// Anthropic: <c>end_turn</c>, <c>max_tokens</c>, <c>tool_use</c>, <c>refusal</c>.
/// Ollama: <c>stop</c>, <c>length</c>, <c>stop</c> (Ollama ends tool calls with <c>stop</c>), <c>stop</c>.
/// </remarks>
public enum FakeFinishReason
{
    /// <summary>The model finished its answer.</summary>
    Stop,

    /// <summary>The model hit the output token limit.</summary>
    Length,

    /// <summary>The model asked for one or more tool calls.</summary>
    ToolCalls,

    /// <summary>The provider withheld or refused the answer.</summary>
    ContentFilter,
}
