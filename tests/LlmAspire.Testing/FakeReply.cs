using System.Globalization;
using System.Text.Json;
using LlmAspire.Testing.Internal;

namespace LlmAspire.Testing;

/// <summary>
/// A scripted answer to one chat request. Immutable: every <c>With…</c> method returns a new reply.
/// </summary>
/// <remarks>
/// <para>
/// Token counts follow OpenAI's meaning on every provider: <c>inputTokens</c> is the whole prompt, cached reads
/// and cache writes included. The Anthropic fake therefore sends
/// <c>input_tokens = inputTokens - cachedInputTokens - cacheWriteTokens</c>, as the real API does, so that
/// Microsoft.Extensions.AI reports the same <c>InputTokenCount</c> for every provider.
/// </para>
/// <para>Instances are safe to share between threads and between providers.</para>
/// </remarks>
public sealed record FakeReply
{
    private FakeReply()
    {
    }

    internal FakeReplyShape Shape { get; private init; }

    internal string Content { get; private init; } = string.Empty;

    internal IReadOnlyList<FakeToolCall> ToolCalls { get; private init; } = [];

    internal int InputTokens { get; private init; }

    internal int OutputTokens { get; private init; }

    internal int CachedInputTokens { get; private init; }

    internal int CacheWriteTokens { get; private init; }

    internal FakeFinishReason FinishReason { get; private init; }

    internal int StatusCode { get; private init; } = 200;

    internal string ErrorMessage { get; private init; } = string.Empty;

    internal TimeSpan? RetryAfter { get; private init; }

    internal TimeSpan? RetryAfterMs { get; private init; }

    internal int? CutAfterChunks { get; private init; }

    internal bool EndsCleanly { get; private init; }

    internal bool Stalls { get; private init; }

    internal TimeSpan Delay { get; private init; }

    /// <summary>
    /// Creates a text answer. Streamed, it arrives one word per chunk (each word keeps its leading space).
    /// </summary>
    /// <param name="text">The answer; concatenating the streamed chunks gives it back exactly.</param>
    /// <param name="inputTokens">Prompt tokens reported in usage, cached tokens included.</param>
    /// <param name="outputTokens">Completion tokens reported in usage.</param>
    /// <returns>A reply that finishes with <see cref="FakeFinishReason.Stop"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token count is negative.</exception>
    public static FakeReply Text(string text, int inputTokens = 12, int outputTokens = 7)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);

        return new FakeReply
        {
            Shape = FakeReplyShape.Text,
            Content = text,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            FinishReason = FakeFinishReason.Stop,
        };
    }

    /// <summary>
    /// Creates an answer that asks for one tool call. Streamed, the arguments arrive in a few pieces.
    /// </summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object, for example <c>{"city":"Paris"}</c>.</param>
    /// <param name="id">The call id; <see langword="null"/> makes a deterministic one per request.</param>
    /// <param name="inputTokens">Prompt tokens reported in usage.</param>
    /// <param name="outputTokens">Completion tokens reported in usage.</param>
    /// <returns>A reply that finishes with <see cref="FakeFinishReason.ToolCalls"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="argumentsJson"/> is not a JSON object.</exception>
    public static FakeReply ToolCall(
        string name,
        string argumentsJson,
        string? id = null,
        int inputTokens = 12,
        int outputTokens = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);

        return new FakeReply
        {
            Shape = FakeReplyShape.ToolCall,
            ToolCalls = [CreateToolCall(name, argumentsJson, id)],
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            FinishReason = FakeFinishReason.ToolCalls,
        };
    }

    /// <summary>
    /// Creates an error answer in the provider's own error JSON, with optional retry headers.
    /// </summary>
    /// <param name="statusCode">An HTTP status from 400 to 599, for example 429, 503 or Anthropic's 529.</param>
    /// <param name="message">The error message placed in the body.</param>
    /// <param name="retryAfter">When set, a <c>Retry-After</c> header in whole seconds (rounded up).</param>
    /// <param name="retryAfterMs">When set, a <c>retry-after-ms</c> header in milliseconds.</param>
    /// <returns>
    /// A reply answered before any streaming starts: OpenAI <c>{"error":{"message","type","param","code"}}</c>,
    /// Anthropic <c>{"type":"error","error":{"type","message"},"request_id"}</c>, Ollama <c>{"error":"..."}</c>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not an error status or a delay is negative.</exception>
    public static FakeReply Error(
        int statusCode,
        string message = "The fake provider was scripted to fail this request.",
        TimeSpan? retryAfter = null,
        TimeSpan? retryAfterMs = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfNegative(retryAfter, nameof(retryAfter));
        ThrowIfNegative(retryAfterMs, nameof(retryAfterMs));

        return new FakeReply
        {
            Shape = FakeReplyShape.Error,
            StatusCode = statusCode,
            ErrorMessage = message,
            RetryAfter = retryAfter,
            RetryAfterMs = retryAfterMs,
        };
    }

    /// <summary>
    /// Creates a 200 answer whose body is neither valid JSON nor valid SSE/NDJSON.
    /// </summary>
    /// <returns>A reply with the provider's content type and a broken body.</returns>
    public static FakeReply Malformed() => new() { Shape = FakeReplyShape.Malformed };

    /// <summary>
    /// Creates an answer that never comes: the request stays open until the client aborts it or the provider is disposed.
    /// </summary>
    /// <returns>A reply that sends no status line at all.</returns>
    public static FakeReply Hang() => new() { Shape = FakeReplyShape.Hang };

    /// <summary>Reports <paramref name="cachedInputTokens"/> of the prompt as read from the provider's cache.</summary>
    /// <param name="cachedInputTokens">OpenAI <c>prompt_tokens_details.cached_tokens</c>; Anthropic <c>cache_read_input_tokens</c>.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or cached plus cache-write tokens exceed the input tokens.</exception>
    public FakeReply WithCachedInputTokens(int cachedInputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cachedInputTokens, InputTokens - CacheWriteTokens);

        return this with { CachedInputTokens = cachedInputTokens };
    }

    /// <summary>Reports <paramref name="cacheWriteTokens"/> of the prompt as written to the provider's cache.</summary>
    /// <param name="cacheWriteTokens">Anthropic <c>cache_creation_input_tokens</c>; OpenAI and Ollama have no such field.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or cached plus cache-write tokens exceed the input tokens.</exception>
    public FakeReply WithCacheWriteTokens(int cacheWriteTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheWriteTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cacheWriteTokens, InputTokens - CachedInputTokens);

        return this with { CacheWriteTokens = cacheWriteTokens };
    }

    /// <summary>Replaces the token counts reported in usage.</summary>
    /// <param name="inputTokens">Prompt tokens, cached tokens included.</param>
    /// <param name="outputTokens">Completion tokens.</param>
    /// <returns>A copy of this reply with the cached and cache-write counts reset to zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public FakeReply WithUsage(int inputTokens, int outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);

        return this with
        {
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            CachedInputTokens = 0,
            CacheWriteTokens = 0
        };
    }

    /// <summary>Changes why the answer stops, for example <see cref="FakeFinishReason.Length"/>.</summary>
    /// <param name="finishReason">The reason, mapped to each provider's vocabulary.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="InvalidOperationException">This reply is not a text or tool-call answer.</exception>
    public FakeReply WithFinishReason(FakeFinishReason finishReason)
    {
        ThrowIfNotAnswer(nameof(WithFinishReason));

        return this with { FinishReason = finishReason };
    }

    /// <summary>Adds another tool call to a tool-call answer (parallel tool calls).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object.</param>
    /// <param name="id">The call id; <see langword="null"/> makes a deterministic one per request.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="InvalidOperationException">This reply was not made by <see cref="ToolCall"/>.</exception>
    public FakeReply WithToolCall(string name, string argumentsJson, string? id = null)
    {
        if (Shape != FakeReplyShape.ToolCall)
        {
            throw new InvalidOperationException(
                $"WithToolCall adds to a tool-call reply, but this reply is {Shape}. " +
                "Start from FakeReply.ToolCall(...).");
        }

        return this with { ToolCalls = [.. ToolCalls, CreateToolCall(name, argumentsJson, id)] };
    }

    /// <summary>
    /// Streams <paramref name="chunks"/> content chunks, then aborts the connection with no finish reason, usage or
    /// end marker. A non-streaming request gets half of its JSON body before the abort.
    /// </summary>
    /// <param name="chunks">How many text (or tool-argument) chunks reach the client; 0 cuts right after the preamble.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">This reply is not a text or tool-call answer.</exception>
    public FakeReply CutStreamAfter(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ThrowIfNotAnswer(nameof(CutStreamAfter));

        return this with { CutAfterChunks = chunks, EndsCleanly = false };
    }

    /// <summary>
    /// Streams <paramref name="chunks"/> content chunks, then ends the HTTP response normally, but without the
    /// protocol's finish reason, usage or end marker (<c>[DONE]</c>, <c>message_stop</c>, the <c>done</c> line):
    /// what a proxy or an upstream that gives up cleanly produces. A non-streaming request gets half of its JSON body.
    /// </summary>
    /// <param name="chunks">How many text (or tool-argument) chunks reach the client.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">This reply is not a text or tool-call answer.</exception>
    public FakeReply TruncateStreamAfter(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ThrowIfNotAnswer(nameof(TruncateStreamAfter));

        return this with { CutAfterChunks = chunks, EndsCleanly = true };
    }

    /// <summary>
    /// Streams <paramref name="chunks"/> content chunks, then sends nothing more and keeps the connection open until
    /// the client gives up: a stalled stream, for idle-timeout tests.
    /// </summary>
    /// <param name="chunks">How many text (or tool-argument) chunks reach the client before the stall.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">This reply is not a text or tool-call answer.</exception>
    public FakeReply StallStreamAfter(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ThrowIfNotAnswer(nameof(StallStreamAfter));

        return this with { CutAfterChunks = chunks, EndsCleanly = false, Stalls = true };
    }

    /// <summary>Waits for <paramref name="delay"/> before answering, on a real timer (for benchmarks and load tests).</summary>
    /// <param name="delay">The wait; the client aborting the request ends it early.</param>
    /// <returns>A copy of this reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public FakeReply WithDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);

        return this with { Delay = delay };
    }

    /// <inheritdoc/>
    public override string ToString() => Shape switch
    {
        FakeReplyShape.Text => $"Text(\"{Content}\", {InputTokens}/{OutputTokens}, {FinishReason})",
        FakeReplyShape.ToolCall => $"ToolCall({string.Join(", ", ToolCalls.Select(c => c.Name))})",
        FakeReplyShape.Error => $"Error({StatusCode.ToString(CultureInfo.InvariantCulture)})",
        _ => Shape.ToString(),
    };

    private static FakeToolCall CreateToolCall(string name, string argumentsJson, string? id)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(argumentsJson);

        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException(
                    $"Tool arguments must be a JSON object, but got {document.RootElement.ValueKind}. "
                    + "Pass for example {\"city\":\"Paris\"}.",
                    nameof(argumentsJson));
            }
        }
        catch (JsonException exception)
        {
            throw new ArgumentException(
                $"Tool arguments are not valid JSON ({exception.Message}). " +
                "Pass a JSON object such as {\"city\":\"Paris\"}.",
                nameof(argumentsJson),
                exception);
        }

        return new FakeToolCall(id, name, argumentsJson);
    }

    private static void ThrowIfNegative(TimeSpan? value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                "A retry delay cannot be negative. Pass null to omit the header.");
        }
    }

    private void ThrowIfNotAnswer(string method)
    {
        if (Shape is not (FakeReplyShape.Text or FakeReplyShape.ToolCall))
        {
            throw new InvalidOperationException(
                $"{method} applies to text and tool-call replies, but this reply is {Shape}. "
                + "Start from FakeReply.Text or FakeReply.ToolCall.");
        }
    }
}
