using Microsoft.Extensions.AI;

namespace LlmAspire.Caching.Internal;

/// <summary>A stored answer read back, with the provider and model that first produced it.</summary>
internal sealed record CachedResponse(ChatResponse Response, string? Provider, string? Model);
