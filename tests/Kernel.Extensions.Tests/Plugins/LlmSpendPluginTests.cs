using LlmAspire.Costs;
using LlmAspire.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LlmAspire.Tests.Plugins;

public sealed class LlmSpendPluginTests
{
    [Fact]
    public async Task Functions_AfterOneCall_ReportSpendAndRemainingBudget()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("ok", inputTokens: 1000, outputTokens: 1000));
        var kernel = BuildKernel(fake);
        await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        var today = await kernel.InvokeAsync(
            "llm_spend",
            "get_spend_today",
            cancellationToken: TestContext.Current.CancellationToken);
        var month = await kernel.InvokeAsync(
            "llm_spend",
            "get_spend_this_month",
            cancellationToken: TestContext.Current.CancellationToken);
        var budgets = await kernel.InvokeAsync(
            "llm_spend",
            "get_remaining_budget",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("0.00075", today.GetValue<string>());
        Assert.Equal("0.00075", month.GetValue<string>());
        var budget = Assert.Single(budgets.GetValue<IReadOnlyList<LlmBudgetStatus>>()!);
        Assert.Equal(9.99925m, budget.RemainingUsd);
    }

    private static Kernel BuildKernel(FakeProvider fake)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:openai:Kind"] = "OpenAI",
            ["Llm:Providers:openai:Endpoint"] = fake.Endpoint.ToString(),
            ["Llm:Providers:openai:ApiKey"] = "sk-test",
            ["Llm:Routes:default:Targets:0"] = "openai/gpt-4o-mini",
            ["Llm:Budget:DailyUsd"] = "10",
        }).Build();

        var builder = Kernel.CreateBuilder();
        builder.AddLlmAspire(configuration.GetSection("Llm"));
        builder.AddLlmSpendPlugin();
        return builder.Build();
    }
}
