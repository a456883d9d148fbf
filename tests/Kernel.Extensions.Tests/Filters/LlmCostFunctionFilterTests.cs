using System.ClientModel;
using LlmAspire.Costs;
using LlmAspire.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI;

namespace LlmAspire.Tests.Filters;

public sealed class LlmCostFunctionFilterTests
{
    [Fact]
    public async Task InvokePrompt_ForeignChatClient_RecordsCostAndRefusesOnceBudgetIsSpent()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.DefaultReply = FakeReply.Text("ok", inputTokens: 1000, outputTokens: 1000);
        var kernel = BuildKernel(fake, dailyUsd: "0.001");

        await kernel.InvokePromptAsync("hello", cancellationToken: TestContext.Current.CancellationToken);
        await kernel.InvokePromptAsync("hello", cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<LlmBudgetExceededException>(() =>
            kernel.InvokePromptAsync("hello", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("global", error.Scope);
        Assert.Equal(2, fake.ChatRequestCount);
        var report = await kernel.Services.GetRequiredService<LlmUsageReports>().GetTodayAsync(
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2 * 0.00075m, report.TotalCostUsd);
        Assert.Equal("openai/gpt-4o-mini", Assert.Single(report.ByModel).Name);
    }

    private static Kernel BuildKernel(FakeProvider fake, string dailyUsd)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Budget:DailyUsd"] = dailyUsd,
        }).Build();

        // A chat client LlmAspire did not build: the OpenAI SDK's own, straight to the provider.
        var sdk = new OpenAI.Chat.ChatClient(
            "gpt-4o-mini",
            new ApiKeyCredential("sk-test"),
            new OpenAIClientOptions { Endpoint = fake.Endpoint });
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(sdk.AsIChatClient());
        builder.AddLlmAspire(configuration.GetSection("Llm"));
        builder.AddLlmCostFilter();
        return builder.Build();
    }
}
