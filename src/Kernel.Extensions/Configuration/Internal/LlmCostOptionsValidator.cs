using LlmAspire.Costs;
using Microsoft.Extensions.Options;

namespace LlmAspire.Configuration.Internal;

/// <summary>
/// Checks <c>Llm:Pricing</c>, <c>Llm:Budget</c> and <c>Llm:Tenants</c>, reporting every problem at once with the key,
/// the value and the fix. Tenant keys are never quoted.
/// </summary>
internal sealed class LlmCostOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        foreach (var (model, price) in options.Pricing)
        {
            var key = $"Llm:Pricing:{model}";
            NotNegative(failures, $"{key}:InputPerMillion", price.InputPerMillion);
            NotNegative(failures, $"{key}:OutputPerMillion", price.OutputPerMillion);
            NotNegative(failures, $"{key}:CachedInputPerMillion", price.CachedInputPerMillion);
            NotNegative(failures, $"{key}:CacheWritePerMillion", price.CacheWritePerMillion);
        }

        ValidateBudget(options, failures);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tenant, settings) in options.Tenants)
        {
            var key = $"Llm:Tenants:{tenant}";
            if (string.IsNullOrWhiteSpace(settings.ApiKey))
            {
                failures.Add($"{key}:ApiKey is missing. Set a long random key, for example with the environment " +
                    $"variable Llm__Tenants__{tenant}__ApiKey.");
            }
            else if (!keys.Add(settings.ApiKey))
            {
                failures.Add($"{key}:ApiKey is the same as another tenant's key (not shown). Give every tenant its " +
                    "own key.");
            }

            NotNegative(failures, $"{key}:DailyUsd", settings.DailyUsd);
            NotNegative(failures, $"{key}:MonthlyUsd", settings.MonthlyUsd);
            if (settings.RequestsPerMinute is <= 0)
            {
                failures.Add($"{key}:RequestsPerMinute has the value {settings.RequestsPerMinute}; it must be at " +
                    "least 1. Remove it for no limit.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBudget(LlmOptions options, List<string> failures)
    {
        var budget = options.Budget;
        NotNegative(failures, "Llm:Budget:DailyUsd", budget.DailyUsd);
        NotNegative(failures, "Llm:Budget:MonthlyUsd", budget.MonthlyUsd);
        if (budget.AlertThreshold is <= 0 or > 1)
        {
            failures.Add($"Llm:Budget:AlertThreshold has the value {budget.AlertThreshold}; use a share above 0 and " +
                "at most 1, such as 0.8.");
        }

        if (budget.DefaultMaxOutputTokens < 1)
        {
            failures.Add($"Llm:Budget:DefaultMaxOutputTokens has the value {budget.DefaultMaxOutputTokens}; it must " +
                "be at least 1, such as 4096.");
        }

        if (!Enum.IsDefined(budget.OnExceeded))
        {
            failures.Add($"Llm:Budget:OnExceeded has the value '{budget.OnExceeded}'; use Reject or Downgrade.");
        }

        if (budget.OnExceeded == LlmBudgetAction.Downgrade)
        {
            if (string.IsNullOrWhiteSpace(budget.DowngradeRoute))
            {
                failures.Add("Llm:Budget:DowngradeRoute is missing; OnExceeded is Downgrade. Name a cheaper route " +
                    "from Llm:Routes, or set OnExceeded to Reject.");
            }
            else if (!options.Routes.ContainsKey(budget.DowngradeRoute))
            {
                failures.Add($"Llm:Budget:DowngradeRoute has the value '{budget.DowngradeRoute}', which is not a " +
                    $"configured route ({string.Join(", ", options.Routes.Keys)}). Name one of them.");
            }
        }
    }

    private static void NotNegative(List<string> failures, string key, decimal? value)
    {
        if (value is < 0)
        {
            failures.Add($"{key} has the value {value}; it must be 0 or more (USD).");
        }
    }
}
