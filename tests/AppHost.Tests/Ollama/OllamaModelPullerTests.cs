using LlmAspire.AppHost.Ollama;
using LlmAspire.AppHost.Tests.Fakes;
using Microsoft.Extensions.Logging.Testing;

namespace LlmAspire.AppHost.Tests.Ollama;

public sealed class OllamaModelPullerTests
{
    [Fact]
    public async Task PullAsync_Success_LogsEachStatusAndProgressStepAndMarksReady()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ollama = await FakeOllamaServer.StartAsync(cancellationToken);
        using var http = new HttpClient();
        var state = new OllamaModelState("llama3.2");
        var logger = new FakeLogger();

        await OllamaModelPuller.PullAsync(http, ollama.Endpoint, state, logger, cancellationToken);

        Assert.True(state.IsReady);
        Assert.Null(state.Error);
        var messages = logger.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Equal(
            [
                "Pulling model llama3.2.",
                "pulling manifest",
                "pulling 1a2b sha256:1a2b: 0% of 2 MB",
                "pulling 1a2b sha256:1a2b: 20% of 2 MB",
                "pulling 1a2b sha256:1a2b: 100% of 2 MB",
                "verifying sha256 digest",
                "writing manifest",
                "success",
                "Model llama3.2 is ready.",
            ],
            messages);
    }

    [Fact]
    public async Task PullAsync_ErrorLine_MarksFailedAndLogsTheError()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ollama = await FakeOllamaServer.StartAsync(cancellationToken);
        using var http = new HttpClient();
        var state = new OllamaModelState(FakeOllamaServer.MissingModel);
        var logger = new FakeLogger();

        await OllamaModelPuller.PullAsync(http, ollama.Endpoint, state, logger, cancellationToken);

        Assert.False(state.IsReady);
        Assert.Equal("pull model manifest: file does not exist", state.Error);
        Assert.Contains(
            logger.Collector.GetSnapshot(),
            r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error
                && r.Message.Contains("file does not exist", StringComparison.Ordinal));
    }
}
