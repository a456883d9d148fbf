using System.ComponentModel;
using LlmAspire.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LlmAspire.Tests.SemanticKernel;

/// <summary>LlmAspire as a Semantic Kernel app sees it: services by provider and route name, and tool calling.</summary>
public sealed class KernelIntegrationTests
{
    [Theory]
    [InlineData(FakeProviderKind.OpenAI, "OpenAI")]
    [InlineData(FakeProviderKind.Anthropic, "Anthropic")]
    [InlineData(FakeProviderKind.Ollama, "Ollama")]
    public async Task InvokePromptAsync_AutoFunctionChoice_CallsKernelFunctionAndSendsResultToModel(
        FakeProviderKind fakeKind,
        string kind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.ToolCall("Weather_GetForecast", """{"city":"Oslo"}""", id: "call_7"),
            FakeReply.Text("It is sunny in Oslo."));
        var kernel = BuildKernel(fake, kind);
        kernel.Plugins.AddFromType<WeatherPlugin>("Weather");
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        var result = await kernel.InvokePromptAsync(
            "What is the weather in Oslo?",
            new KernelArguments(settings),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("It is sunny in Oslo.", result.ToString());
        Assert.Equal(2, fake.ChatRequestCount);
        Assert.Contains(
            "sunny, 21 degrees",
            fake.Requests.Last(r => r.Method == "POST").Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRequiredService_ByProviderAndRouteName_ReturnsChatCompletionServices()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("via provider"), FakeReply.Text("via route"));
        var kernel = BuildKernel(fake, "Ollama");

        var byProvider = kernel.GetRequiredService<IChatCompletionService>("local");
        var byRoute = kernel.GetRequiredService<IChatCompletionService>("default");
        var fromProvider = await byProvider.GetChatMessageContentAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);
        var fromRoute = await byRoute.GetChatMessageContentAsync(
            "hi",
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("via provider", fromProvider.Content);
        Assert.Equal("via route", fromRoute.Content);
        Assert.Equal(
            ["llama-default", "llama-routed"],
            fake.Requests.Where(r => r.Method == "POST").Select(r => r.Model));
        Assert.Same(
            kernel.GetRequiredService<IChatCompletionService>("default"),
            kernel.GetRequiredService<IChatCompletionService>());
    }

    private static Kernel BuildKernel(FakeProvider fake, string kind)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:local:Kind"] = kind,
            ["Llm:Providers:local:Endpoint"] = fake.Endpoint.ToString(),
            ["Llm:Providers:local:ApiKey"] = "sk-test",
            ["Llm:Providers:local:Model"] = "llama-default",
            ["Llm:Routes:default:Targets:0"] = "local/llama-routed",
        }).Build();

        var builder = Kernel.CreateBuilder();
        builder.AddLlmAspire(configuration.GetSection("Llm"));
        return builder.Build();
    }

    private sealed class WeatherPlugin
    {
        [KernelFunction("GetForecast")]
        [Description("Gets the weather forecast for a city.")]
        public static string GetForecast(string city) => $"{city}: sunny, 21 degrees";
    }
}
