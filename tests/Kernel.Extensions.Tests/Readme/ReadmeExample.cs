using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel;

namespace LlmAspire.Tests.Readme;

/// <summary>The Semantic Kernel example shown in the README, compiled and run by <see cref="ReadmeExampleTests"/>.</summary>
internal static class ReadmeExample
{
    public static async Task<string> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        #region readme-sk-example
        var builder = Kernel.CreateBuilder();
        builder.AddLlmAspire(configuration.GetSection("Llm"));
        builder.Plugins.AddFromType<OrderPlugin>("Orders");
        var kernel = builder.Build();

        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = await kernel.InvokePromptAsync(
            "Where is order 42?",
            new(settings),
            cancellationToken: cancellationToken);
        #endregion

        return answer.ToString();
    }
}

#region readme-sk-plugin
/// <summary>A kernel function the model can call.</summary>
public sealed class OrderPlugin
{
    [KernelFunction, Description("Gets the shipping status of an order.")]
    public static string GetStatus(int orderId) => $"Order {orderId} left the warehouse today.";
}
#endregion
