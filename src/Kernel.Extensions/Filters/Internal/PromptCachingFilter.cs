using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LlmAspire.Caching;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace LlmAspire.Filters.Internal;

/// <summary>
/// Answers a repeated prompt function call of a kernel whose chat services LlmAspire did not build, from the same
/// <see cref="HybridCache"/> the routes use: the prompt-render filter looks the rendered prompt up and, on a hit, sets
/// the result so the model is not called; the function-invocation filter stores the answer of a miss.
/// </summary>
/// <remarks>
/// Only non-streaming calls with a text answer are cached. Calls whose settings set a function-choice behaviour are
/// not: the answer would skip the tools' side effects. A temperature above 0 without a seed bypasses the cache unless
/// <see cref="LlmCacheOptions.CacheNonDeterministic"/> is on, as for routes.
/// </remarks>
internal sealed partial class PromptCachingFilter : IPromptRenderFilter, IFunctionInvocationFilter
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite
            | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private readonly ConditionalWeakTable<KernelArguments, string> _pending = [];
    private readonly HybridCache _cache;
    private readonly LlmCacheOptions _options;
    private readonly HybridCacheEntryOptions _write;
    private readonly ILogger _logger;

    public PromptCachingFilter(HybridCache cache, LlmCacheOptions options, ILogger logger)
    {
        _cache = cache;
        _options = options;
        _logger = logger;
        _write = new HybridCacheEntryOptions
        {
            Expiration = options.Ttl,
            LocalCacheExpiration = options.LocalTtl < options.Ttl ? options.LocalTtl : options.Ttl,
        };
    }

    public async Task OnPromptRenderAsync(PromptRenderContext context, Func<PromptRenderContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        await next(context).ConfigureAwait(false);

        if (context.IsStreaming || context.RenderedPrompt is null || context.Result is not null)
        {
            return;
        }

        var settings = PromptCacheKey.Serialize(context.ExecutionSettings);
        if (!Cacheable(settings))
        {
            LogPromptBypass(_logger, context.Function.Name);
            return;
        }

        var key = PromptCacheKey.Compute(context.RenderedPrompt, settings);
        var cached = await _cache.GetOrCreateAsync(
            key,
            static _ => ValueTask.FromResult<string?>(null),
            ReadOnly,
            cancellationToken: context.CancellationToken).ConfigureAwait(false);

        if (cached is not null)
        {
            LogPromptHit(_logger, context.Function.Name);
            context.Result = new FunctionResult(context.Function, cached);
            return;
        }

        _pending.AddOrUpdate(context.Arguments, key);
    }

    public async Task OnFunctionInvocationAsync(
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        await next(context).ConfigureAwait(false);

        if (!_pending.TryGetValue(context.Arguments, out var key))
        {
            return;
        }

        _pending.Remove(context.Arguments);
        var text = context.Result.GetValue<object>() switch
        {
            string value => value,
            ChatMessageContent message when message.Items.All(i => i is TextContent) => message.Content,
            _ => null,
        };

        if (text is null || Encoding.UTF8.GetByteCount(text) > _options.MaxEntryBytes)
        {
            return;
        }

        await _cache.SetAsync(key, text, _write, cancellationToken: context.CancellationToken).ConfigureAwait(false);
    }

    private bool Cacheable(List<JsonElement> settings)
    {
        foreach (var element in settings)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (element.TryGetProperty("function_choice_behavior", out var choice)
                && choice.ValueKind != JsonValueKind.Null)
            {
                return false;
            }

            var hot = element.TryGetProperty("temperature", out var temperature)
                && temperature.ValueKind == JsonValueKind.Number && temperature.GetDouble() > 0;
            var seeded = element.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number;
            if (hot && !seeded && !_options.CacheNonDeterministic)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Prompt cache hit for function {Function}.")]
    private static partial void LogPromptHit(ILogger logger, string function);

    [LoggerMessage(
        EventId = 3021,
        Level = LogLevel.Debug,
        Message = "Prompt cache bypassed for function {Function}: tools or a temperature above 0 without a seed.")]
    private static partial void LogPromptBypass(ILogger logger, string function);
}
