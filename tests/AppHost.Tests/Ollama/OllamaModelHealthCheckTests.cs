using LlmAspire.AppHost.Ollama;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmAspire.AppHost.Tests.Ollama;

public sealed class OllamaModelHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_FollowsThePull_UnhealthyUntilReady()
    {
        var state = new OllamaModelState("llama3.2");
        var check = new OllamaModelHealthCheck(state);
        var context = new HealthCheckContext();

        var before = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        state.Report("pulling manifest");
        var pulling = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        state.MarkReady();
        var after = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, pulling.Status);
        Assert.Contains("pulling manifest", pulling.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    [Fact]
    public async Task CheckHealthAsync_PullFailed_UnhealthyWithTheError()
    {
        var state = new OllamaModelState("llama3.2");
        state.MarkFailed("disk full");

        var result = await new OllamaModelHealthCheck(state).CheckHealthAsync(
            new HealthCheckContext(),
            TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("disk full", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TryStart_SecondCall_ReturnsFalse()
    {
        var state = new OllamaModelState("llama3.2");

        Assert.True(state.TryStart());
        Assert.False(state.TryStart());
    }
}
