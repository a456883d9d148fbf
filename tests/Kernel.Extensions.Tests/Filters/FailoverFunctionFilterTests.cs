using System.ClientModel;
using System.ClientModel.Primitives;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using OpenAI;

namespace LlmAspire.Tests.Filters;

/// <summary>Retry and failover for a kernel built on SK's own OpenAI connector, not on LlmAspire's services.</summary>
public sealed class FailoverFunctionFilterTests
{
    private const int TestTimeoutMs = 60_000;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();

    [Fact(Timeout = TestTimeoutMs)]
    public async Task InvokePromptAsync_PrimaryKeepsFailing_RetriesThenRunsOnSecondary()
    {
        await using var primary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var secondary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        primary.Enqueue(FakeReply.Error(503, "down"), FakeReply.Error(503, "still down"));
        secondary.Enqueue(FakeReply.Text("answer from secondary"));
        var kernel = BuildKernel(primary, secondary);

        var call = kernel.InvokePromptAsync("Hello", cancellationToken: TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(() => _logs.GetSnapshot().Any(r => r.Id.Id == 1301), "the retry");
        await FakeClock.AdvanceUntilAsync(
            _time,
            () => primary.ChatRequestCount >= 2,
            TimeSpan.FromSeconds(5),
            "the retry to run");
        var result = await call;

        Assert.Equal("answer from secondary", result.ToString());
        Assert.Equal(2, primary.ChatRequestCount);
        Assert.Equal(1, secondary.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task InvokePromptAsync_BadRequest_ReachesCallerWithoutFailover()
    {
        await using var primary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var secondary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        primary.Enqueue(FakeReply.Error(400, "prompt too long"));
        var kernel = BuildKernel(primary, secondary);

        await Assert.ThrowsAsync<HttpOperationException>(
            () => kernel.InvokePromptAsync("Hello", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, primary.ChatRequestCount);
        Assert.Equal(0, secondary.ChatRequestCount);
    }

    [Fact(Timeout = TestTimeoutMs)]
    public async Task InvokePromptStreamingAsync_FailsBeforeFirstChunk_StreamsFromSecondary()
    {
        await using var primary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var secondary = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        primary.Enqueue(FakeReply.Error(500, "a"), FakeReply.Error(500, "b"));
        secondary.Enqueue(FakeReply.Text("streamed from the secondary service"));
        var kernel = BuildKernel(primary, secondary);

        var text = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            await foreach (var chunk in kernel.InvokePromptStreamingAsync(
                "Hello",
                cancellationToken: TestContext.Current.CancellationToken))
            {
                text.Append(chunk);
            }
        }, TestContext.Current.CancellationToken);
        await FakeClock.UntilAsync(() => _logs.GetSnapshot().Any(r => r.Id.Id == 1301), "the retry");
        await FakeClock.AdvanceUntilAsync(
            _time,
            () => primary.ChatRequestCount >= 2,
            TimeSpan.FromSeconds(5),
            "the retry to run");
        await reading;

        Assert.Equal("streamed from the secondary service", text.ToString());
        Assert.Equal(2, primary.ChatRequestCount);
    }

    private Kernel BuildKernel(FakeProvider primary, FakeProvider secondary)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddLogging(
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.AddOpenAIChatCompletion("gpt-4o-mini", OpenAIClientFor(primary), serviceId: "primary");
        builder.AddOpenAIChatCompletion("gpt-4o-mini", OpenAIClientFor(secondary), serviceId: "secondary");
        builder.AddLlmAspireFailoverFilter(["primary", "secondary"], options => options.MaxRetryAttempts = 1);
        return builder.Build();
    }

    private static OpenAIClient OpenAIClientFor(FakeProvider fake) =>
        new(
            new ApiKeyCredential("sk-test"),
            new OpenAIClientOptions { Endpoint = fake.Endpoint, RetryPolicy = new ClientRetryPolicy(0) });
}
