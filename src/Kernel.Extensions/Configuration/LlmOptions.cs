using LlmAspire.Caching;
using LlmAspire.Costs;

namespace LlmAspire.Configuration;

/// <summary>
/// The <c>Llm</c> configuration section: providers, routes over their models, and the switches shared by both.
/// </summary>
/// <remarks>
/// Bound once at startup and validated then; a change after startup is not picked up by clients already built.
/// Names are matched without regard to case.
/// </remarks>
public sealed class LlmOptions
{
    /// <summary>The configuration section name, <c>Llm</c>.</summary>
    public const string SectionName = "Llm";

    /// <summary>Gets the providers by name (<c>Llm:Providers:{name}</c>). A name may not contain <c>/</c>.</summary>
    public IDictionary<string, LlmProviderOptions> Providers { get; } =
        new Dictionary<string, LlmProviderOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the routes by name (<c>Llm:Routes:{name}</c>). A route tries its targets in order until one answers.
    /// </summary>
    public IDictionary<string, LlmRouteOptions> Routes { get; } =
        new Dictionary<string, LlmRouteOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the retry, timeout and circuit-breaker settings every provider starts from.</summary>
    public LlmResilienceOptions Resilience { get; set; } = new();

    /// <summary>Gets or sets the response cache settings (<c>Llm:Cache</c>).</summary>
    public LlmCacheOptions Cache { get; set; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether prompts and completions may be written to traces and Trace-level logs.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    /// <remarks>
    /// Turning this on exports user content to every telemetry backend the host is wired to; leave it off in
    /// production unless that is acceptable for your data.
    /// </remarks>
    public bool EnableSensitiveData { get; set; }

    /// <summary>
    /// Gets the prices by model name (<c>Llm:Pricing:{model}</c>), which override and extend the shipped OpenAI and
    /// Anthropic price table. Ollama and OpenAI-compatible models are free unless priced here.
    /// </summary>
    public IDictionary<string, LlmModelPrice> Pricing { get; } =
        new Dictionary<string, LlmModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the global spend limits (<c>Llm:Budget</c>).</summary>
    public LlmBudgetOptions Budget { get; set; } = new();

    /// <summary>Gets the tenants by name (<c>Llm:Tenants:{name}</c>), each with its key and limits.</summary>
    public IDictionary<string, LlmTenantOptions> Tenants { get; } =
        new Dictionary<string, LlmTenantOptions>(StringComparer.OrdinalIgnoreCase);
}
