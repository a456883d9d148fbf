namespace LlmAspire.Costs;

/// <summary>One tenant of the gateway, bound from <c>Llm:Tenants:{name}</c>.</summary>
public sealed class LlmTenantOptions
{
    /// <summary>Gets or sets the key the tenant sends as <c>Authorization: Bearer &lt;key&gt;</c>. Required, unique.</summary>
    /// <remarks>Never logged, traced or returned in a response.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the most this tenant may spend per UTC day, in USD.</summary>
    /// <value>Default <see langword="null"/>: no daily limit of its own.</value>
    public decimal? DailyUsd { get; set; }

    /// <summary>Gets or sets the most this tenant may spend per UTC month, in USD.</summary>
    /// <value>Default <see langword="null"/>: no monthly limit of its own.</value>
    public decimal? MonthlyUsd { get; set; }

    /// <summary>Gets or sets the tenant's request rate limit per minute.</summary>
    /// <value>Default <see langword="null"/>: no limit.</value>
    /// <remarks>Bound and validated here; enforced by the rate-limit stage, not by the budget stage.</remarks>
    public int? RequestsPerMinute { get; set; }
}
