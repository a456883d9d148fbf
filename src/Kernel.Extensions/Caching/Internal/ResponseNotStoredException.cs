using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>
/// Thrown out of the cache's factory to keep an answer out of the cache (too large, no finish reason, content we do
/// not store): HybridCache stores nothing when its factory throws, and every caller that joined the same in-flight
/// call receives this exception, and with it the answer.
/// </summary>
internal sealed class ResponseNotStoredException(object owner, ChatResponse response, string reason)
    : Exception("The answer was not stored in the response cache: " + reason + ".")
{
    /// <summary>Gets the call whose factory produced the answer.</summary>
    public object Owner { get; } = owner;

    public ChatResponse Response { get; } = response;

    public string Reason { get; } = reason;
}
