using System.Diagnostics;
using LlmAspire.Caching.Internal;
using LlmAspire.Routing;
using LlmAspire.Telemetry.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;

namespace LlmAspire.Caching;

/// <summary>
/// Answers identical requests from <see cref="HybridCache"/> (memory, plus Redis when configured), with one upstream
/// call for a burst of identical concurrent requests, streams included.
/// </summary>
/// <remarks>
/// Built beside Microsoft.Extensions.AI's <c>CachingChatClient</c>/<c>DistributedCachingChatClient</c>, not on them:
/// their read-then-write shape lets identical concurrent requests all call the provider (their docs accept that
/// trade-off), their key covers every option and property including pipeline-internal ones, and they have no
/// per-request no-cache or no-store, size limit or result reporting. HybridCache's <c>GetOrCreateAsync</c> runs one
/// factory per key for all concurrent callers, which is what a gateway under bursts needs.
/// </remarks>
internal sealed partial class ResponseCachingChatClient : DelegatingChatClient
{
    private const string HitValue = "hit";
    private const string MissValue = "miss";
    private const string BypassValue = "bypass";

    private readonly HybridCache _cache;
    private readonly string _scope;
    private readonly string? _route;
    private readonly TimeSpan _ttl;
    private readonly int _maxEntryBytes;
    private readonly bool _cacheNonDeterministic;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HybridCacheEntryOptions _normal;
    private readonly HybridCacheEntryOptions _noCache;
    private readonly HybridCacheEntryOptions _noStore;

    public ResponseCachingChatClient(
        IChatClient innerClient,
        HybridCache cache,
        string scope,
        string? route,
        LlmCacheOptions options,
        TimeSpan ttl,
        TimeProvider timeProvider,
        ILogger logger)
        : base(innerClient)
    {
        _cache = cache;
        _scope = scope;
        _route = route;
        _ttl = ttl;
        _maxEntryBytes = options.MaxEntryBytes;
        _cacheNonDeterministic = options.CacheNonDeterministic;
        _timeProvider = timeProvider;
        _logger = logger;

        var local = options.LocalTtl < ttl ? options.LocalTtl : ttl;
        _normal = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = local };
        _noCache = new HybridCacheEntryOptions
        {
            Expiration = ttl,
            LocalCacheExpiration = local,
            Flags = HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableDistributedCacheRead,
        };
        _noStore = new HybridCacheEntryOptions
        {
            Expiration = ttl,
            LocalCacheExpiration = local,
            Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
        };
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var plan = Plan(messages, options);
        if (plan.Key is null)
        {
            Record(plan.Context, LlmCacheStatus.Bypass);
            return await InnerClient.GetResponseAsync(messages, plan.Options, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            var call = new CacheCall(this, messages, plan.Options, plan.Context, stream: false);
            byte[] entry;
            try
            {
                entry = await _cache.GetOrCreateAsync(
                    plan.Key,
                    call,
                    static (c, ct) => c.Owner.ProduceAsync(c, ct),
                    plan.EntryOptions,
                    tags: null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ResponseNotStoredException ex)
            {
                var own = ReferenceEquals(ex.Owner, call);
                Record(plan.Context, own ? plan.MissStatus : LlmCacheStatus.Hit);
                return ex.Response;
            }

            if (call.Produced is { } produced)
            {
                Record(plan.Context, plan.MissStatus);
                return produced;
            }

            if (attempt == 0 && await RemoveIfExpiredAsync(plan.Key, entry, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            return Hit(plan.Context, entry).Response;
        }
    }

    internal async ValueTask<byte[]> ProduceAsync(CacheCall call, CancellationToken cancellationToken)
    {
        call.Started.TrySetResult();
        var response = await InnerClient.GetResponseAsync(call.Messages, call.Options, cancellationToken)
            .ConfigureAwait(false);
        call.Produced = response;
        return Encode(call, response);
    }

    /// <summary>Serializes an answer for storing, or throws <see cref="ResponseNotStoredException"/> to keep it out.</summary>
    private byte[] Encode(CacheCall call, ChatResponse response)
    {
        if (response.FinishReason is null)
        {
            throw NotStored(call, response, "no finish reason", 0);
        }

        var expires = _timeProvider.GetUtcNow() + _ttl;
        var entry = CachedResponseCodec.TryEncode(response, expires, call.Context.Provider, call.Context.Model);
        if (entry is null)
        {
            throw NotStored(call, response, "content other than text, reasoning and tool calls", 0);
        }

        if (entry.Length > _maxEntryBytes)
        {
            throw NotStored(call, response, "larger than MaxEntryBytes", entry.Length);
        }

        return entry;
    }

    private ResponseNotStoredException NotStored(CacheCall call, ChatResponse response, string reason, int bytes)
    {
        LogNotStored(_logger, _scope, reason, bytes);
        return new ResponseNotStoredException(call, response, reason);
    }

    private async ValueTask<bool> RemoveIfExpiredAsync(string key, byte[] entry, CancellationToken cancellationToken)
    {
        // HybridCache's own expiry runs on the machine clock; the stored expiry follows the injected TimeProvider,
        // so the TTL holds exactly and tests can drive it.
        if (CachedResponseCodec.ReadExpiry(entry) > _timeProvider.GetUtcNow())
        {
            return false;
        }

        LogExpired(_logger, _scope);
        await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private CachedResponse Hit(LlmCallContext context, byte[] entry)
    {
        var cached = CachedResponseCodec.Decode(entry);
        context.Route = _route;
        context.Provider = cached.Provider;
        context.Model = cached.Model;
        Record(context, LlmCacheStatus.Hit);
        return cached;
    }

    private CachePlan Plan(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var noCache = IsSet(options, LlmCacheOptions.NoCacheKey);
        var noStore = IsSet(options, LlmCacheOptions.NoStoreKey);

        // The inner stages get a copy without the cache's switches and with a call context, so the stored entry can
        // name the provider and model that answered even when the caller attached no context.
        var forwarded = options!;
        if (!LlmCallContext.TryGet(options, out var context) || noCache || noStore
            || options!.AdditionalProperties!.ContainsKey(LlmCacheOptions.NoCacheKey)
            || options.AdditionalProperties.ContainsKey(LlmCacheOptions.NoStoreKey))
        {
            forwarded = options?.Clone() ?? new ChatOptions();
            forwarded.AdditionalProperties?.Remove(LlmCacheOptions.NoCacheKey);
            forwarded.AdditionalProperties?.Remove(LlmCacheOptions.NoStoreKey);
            context ??= new LlmCallContext();
            context.AttachTo(forwarded);
        }

        var reason = BypassReason(options, noCache, noStore);
        if (reason is not null)
        {
            LogBypass(_logger, _scope, reason);
            return new CachePlan(null, forwarded, context, _normal, LlmCacheStatus.Bypass);
        }

        var key = ChatCacheKey.TryCompute(_scope, messages, options);
        if (key is null)
        {
            LogBypass(_logger, _scope, "a value the key cannot be written from");
            return new CachePlan(null, forwarded, context, _normal, LlmCacheStatus.Bypass);
        }

        var entryOptions = noCache ? _noCache : noStore ? _noStore : _normal;
        return new CachePlan(
            key,
            forwarded,
            context,
            entryOptions,
            noCache ? LlmCacheStatus.Bypass : LlmCacheStatus.Miss);
    }

    private string? BypassReason(ChatOptions? options, bool noCache, bool noStore)
    {
        if (noCache && noStore)
        {
            return "no-cache and no-store";
        }

        if (options is null)
        {
            return null;
        }

        if (options.RawRepresentationFactory is not null)
        {
            return "a raw representation factory";
        }

        if (options.ContinuationToken is not null)
        {
            return "a continuation token";
        }

        if (!_cacheNonDeterministic && options.Temperature > 0 && options.Seed is null)
        {
            return "temperature above 0 without a seed";
        }

        return null;
    }

    private static bool IsSet(ChatOptions? options, string key) =>
        options?.AdditionalProperties?.TryGetValue(key, out var value) == true
        && (value is true || (value is string text && bool.TryParse(text, out var parsed) && parsed));

    private void Record(LlmCallContext context, LlmCacheStatus status)
    {
        context.CacheStatus = status;
        var value = status switch
        {
            LlmCacheStatus.Hit => HitValue,
            LlmCacheStatus.Miss => MissValue,
            _ => BypassValue,
        };

        LlmAspireMetrics.CacheRequests.Add(
            1,
            new TagList { { "llmaspire.cache.result", value }, { "llmaspire.route", _scope } });
        Activity.Current?.SetTag("llmaspire.cache.result", value);
        if (status == LlmCacheStatus.Hit)
        {
            LogHit(_logger, _scope);
        }
    }

    private readonly record struct CachePlan(
        string? Key,
        ChatOptions Options,
        LlmCallContext Context,
        HybridCacheEntryOptions EntryOptions,
        LlmCacheStatus MissStatus);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Response cache hit for {Scope}.")]
    private static partial void LogHit(ILogger logger, string scope);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Response cache bypassed for {Scope}: {Reason}.")]
    private static partial void LogBypass(ILogger logger, string scope, string reason);

    [LoggerMessage(
        EventId = 3003,
        Level = LogLevel.Debug,
        Message = "Answer for {Scope} not stored in the response cache: {Reason} ({Bytes} bytes).")]
    private static partial void LogNotStored(ILogger logger, string scope, string reason, int bytes);

    [LoggerMessage(
        EventId = 3004,
        Level = LogLevel.Debug,
        Message = "Expired response cache entry for {Scope} removed.")]
    private static partial void LogExpired(ILogger logger, string scope);
}
