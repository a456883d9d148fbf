using System.Diagnostics.CodeAnalysis;
using LlmAspire.Caching;
using Microsoft.Extensions.AI;

namespace LlmAspire.Routing;

/// <summary>
/// What happened to one logical chat call: which route and target served it and every attempt made on the way.
/// </summary>
/// <remarks>
/// A caller that wants these details creates a context, attaches it to the request's <see cref="ChatOptions"/> with
/// <see cref="AttachTo"/> and reads it once the response (or, for a stream, the first update) has arrived. The
/// pipeline removes it from the options before they reach a provider, so it never goes on the wire.
/// An instance belongs to one call and is not thread-safe.
/// </remarks>
public sealed class LlmCallContext
{
    /// <summary>The key under which the context travels in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string OptionsKey = "llmaspire.call";

    private readonly List<LlmAttempt> _attempts = [];

    /// <summary>Gets or sets the route the call was sent to, or <see langword="null"/> when it named a target directly.</summary>
    public string? Route { get; set; }

    /// <summary>Gets or sets the provider of the target that answered, once one has.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model of the target that answered, once one has.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// Gets or sets what the response cache did for the call, or <see langword="null"/> when no cache stage saw it. On a
    /// hit, <see cref="Provider"/> and <see cref="Model"/> name the target that produced the stored answer and
    /// <see cref="Attempts"/> is empty.
    /// </summary>
    public LlmCacheStatus? CacheStatus { get; set; }
    /// <summary>Gets or sets the tenant the call is made for, which selects its budget; set by the caller.</summary>
    public string? Tenant { get; set; }

    /// <summary>
    /// Gets or sets what the call cost in USD, once its answer (for a stream, its last update) has arrived: 0 for a
    /// response-cache hit and for free or unpriced models.
    /// </summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Gets or sets a value indicating whether the call's usage record was written, so an outer stage writes no second one.</summary>
    internal bool UsageRecorded { get; set; }

    /// <summary>Gets every attempt made, in order, including failed ones and the one that succeeded.</summary>
    public IReadOnlyList<LlmAttempt> Attempts => _attempts;

    /// <summary>Records an attempt.</summary>
    /// <param name="attempt">The attempt to record.</param>
    /// <exception cref="ArgumentNullException"><paramref name="attempt"/> is <see langword="null"/>.</exception>
    public void AddAttempt(LlmAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _attempts.Add(attempt);
    }

    internal void ReplaceLastAttempt(LlmAttempt attempt) => _attempts[^1] = attempt;

    /// <summary>Attaches this context to <paramref name="options"/> so the pipeline can fill it in.</summary>
    /// <param name="options">The options of the call this context describes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public void AttachTo(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[OptionsKey] = this;
    }

    /// <summary>Gets the context attached to <paramref name="options"/>, if any.</summary>
    /// <param name="options">The options of a call.</param>
    /// <param name="context">The attached context.</param>
    /// <returns><see langword="true"/> when a context was attached.</returns>
    public static bool TryGet(ChatOptions? options, [NotNullWhen(true)] out LlmCallContext? context)
    {
        context = null;
        return options?.AdditionalProperties?.TryGetValue(OptionsKey, out context) == true && context is not null;
    }
}
