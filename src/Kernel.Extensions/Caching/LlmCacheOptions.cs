namespace LlmAspire.Caching;

/// <summary>
/// The response cache (<c>Llm:Cache</c>): exact-match answers kept in memory and, when the connection string
/// <c>cache</c> names a Redis server, in Redis too, shared by every replica.
/// </summary>
/// <remarks>
/// <para>
/// What is cached: a complete answer (text, tool calls, finish reason, usage, model) to a request whose messages and
/// output-changing options match exactly, per route or direct target. Tool-calling turns are cached like any other
/// answer: the tool results the caller sends back are part of the next request's key. A stream is stored only once it
/// has ended with a finish reason, and is replayed as a stream; a stored stream can answer a request that does not
/// stream and the other way round.
/// </para>
/// <para>
/// What is not cached: requests with a temperature above 0 and no seed, unless <see cref="CacheNonDeterministic"/> is
/// on (a caller that asks for variety should get it; a seed asks for repeatable output); requests with a
/// <see cref="Microsoft.Extensions.AI.ChatOptions.RawRepresentationFactory"/> or a continuation token, whose effect
/// on the output the cache cannot see; answers over <see cref="MaxEntryBytes"/>; answers without a finish reason; and
/// answers holding content other than text, reasoning text and tool calls.
/// </para>
/// <para>
/// Per request, <see cref="NoCacheKey"/> and <see cref="NoStoreKey"/> in
/// <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> (set to <see langword="true"/>) skip the
/// lookup or the write. The gateway maps <c>Cache-Control: no-cache</c> and <c>no-store</c> to them.
/// </para>
/// <para>
/// The cache key is a SHA-256 hash, documented on the README; its format carries a version and may change between
/// releases, which only costs misses after an upgrade.
/// </para>
/// </remarks>
public sealed class LlmCacheOptions
{
    /// <summary>
    /// The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key that, set to
    /// <see langword="true"/>, skips the lookup for one request but still stores its answer (a refresh).
    /// </summary>
    public const string NoCacheKey = "llmaspire.cache.no_cache";

    /// <summary>
    /// The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key that, set to
    /// <see langword="true"/>, keeps one request's answer out of the cache; a stored answer may still serve it.
    /// </summary>
    public const string NoStoreKey = "llmaspire.cache.no_store";

    /// <summary>Gets or sets a value indicating whether routes and direct targets cache their answers.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long an answer stays valid after it was stored (<c>Llm:Cache:Ttl</c>).</summary>
    /// <value>Default one day, <c>1.00:00:00</c>. A route may set its own (<c>Llm:Routes:{name}:Cache:Ttl</c>).</value>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long an answer stays in this process's memory at most; Redis keeps it for the full
    /// <see cref="Ttl"/>. Keeping the memory level short bounds its size.
    /// </summary>
    /// <value>Default five minutes, <c>00:05:00</c>; never longer than <see cref="Ttl"/>.</value>
    public TimeSpan LocalTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the largest stored answer, in bytes of its serialized form; larger answers are not stored.</summary>
    /// <value>Default 1 MiB (1048576).</value>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether requests with a temperature above 0 and no seed are cached too.
    /// </summary>
    /// <value>
    /// Default <see langword="false"/>: such requests bypass the cache. A request that sets no temperature is cached.
    /// Turning this on makes every identical request get the same sampled answer until it expires.
    /// </value>
    public bool CacheNonDeterministic { get; set; }

    /// <summary>
    /// Gets or sets how long one Redis operation may take before the cache gives up on it and carries on from memory
    /// (or calls the provider). After a failure Redis is skipped for <see cref="DistributedRetryAfter"/>.
    /// </summary>
    /// <value>Default half a second, <c>00:00:00.5</c>.</value>
    public TimeSpan DistributedTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how long Redis is skipped after an operation on it failed or timed out.</summary>
    /// <value>Default 30 seconds, <c>00:00:30</c>.</value>
    public TimeSpan DistributedRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
