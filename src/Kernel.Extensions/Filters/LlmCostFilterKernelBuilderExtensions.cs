using LlmAspire.Costs;
using LlmAspire.Costs.Internal;
using LlmAspire.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Adds LlmAspire's cost and budget filter to kernels whose chat services LlmAspire did not build.</summary>
public static class LlmCostFilterKernelBuilderExtensions
{
    /// <summary>
    /// Adds a function-invocation filter that refuses functions once a budget is used up
    /// (<see cref="LlmBudgetExceededException"/>) and records each function result's token usage and cost in the
    /// ledger and budgets. Call <c>AddLlmAspire</c> too, for the ledger, prices and budgets.
    /// </summary>
    /// <remarks>
    /// Do not add it to kernels that call LlmAspire's own chat services: those already record every call, and the
    /// filter would count it twice.
    /// </remarks>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="tenant">The tenant whose budget applies, or <see langword="null"/> for the global budget only.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IKernelBuilder AddLlmCostFilter(this IKernelBuilder builder, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddSingleton<IFunctionInvocationFilter>(sp =>
        {
            var costs = sp.GetRequiredService<CostServices>();
            return new LlmCostFunctionFilter(costs.Meter, costs.Budget, tenant);
        });
        return builder;
    }
}
