using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using LlmAspire.AppHost.Tests.Fakes;

namespace LlmAspire.AppHost.Tests;

public sealed class AppHostFunctionalTests
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task LocalMode_ChatCompletionThroughTheGateway_ReturnsTheFakeOllamaAnswer()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var ollama = await FakeOllamaServer.StartAsync(cancellationToken);

        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [AppHostFixture.Local, $"--Ollama:Endpoint={ollama.Endpoint}"],
            cancellationToken);
        await using var app = await builder.BuildAsync(cancellationToken).WaitAsync(_startTimeout, cancellationToken);

        await app.StartAsync(cancellationToken).WaitAsync(_startTimeout, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(
            "cache-server",
            cancellationToken).WaitAsync(_startTimeout, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken).WaitAsync(
            _startTimeout,
            cancellationToken);

        using var http = app.CreateHttpClient("api");
        http.Timeout = _requestTimeout;
        using var response = await http.PostAsJsonAsync(
            "/v1/chat/completions",
            new JsonObject
            {
                ["model"] = "default",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
            },
            cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        Assert.Equal(FakeOllamaServer.Answer, body?["choices"]?[0]?["message"]?["content"]?.GetValue<string>());
        Assert.True(ollama.ChatRequests >= 1);
    }
}
