using System.Net;
using System.Net.Http.Headers;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Routing;

namespace LlmAspire.Api.Tests.Endpoints;

/// <content>Upstream failures, limits and the error envelope.</content>
public sealed partial class ChatCompletionsEndpointTests
{
    private static readonly string HelloBody = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}}}""";

    [Fact]
    public async Task CompleteChat_EveryTargetFails_502ListsAttemptsWithoutSecretsOrContent()
    {
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw RouteFailure();

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), HelloBody);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("x-llm-attempts")));
        Assert.Equal("default", Assert.Single(response.Headers.GetValues("x-llm-route")));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("sk-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Say hello", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", text, StringComparison.Ordinal);

        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.Equal("all_targets_failed", error.GetProperty("code").GetString());
        var attempts = error.GetProperty("attempts");
        Assert.Equal("fake/model-a", attempts[0].GetProperty("target").GetString());
        Assert.Equal("http_503", attempts[0].GetProperty("type").GetString());
        Assert.Equal(503, attempts[0].GetProperty("status").GetInt32());
        Assert.Equal("fake/model-b", attempts[1].GetProperty("target").GetString());
        Assert.Equal("timeout", attempts[1].GetProperty("type").GetString());
        Assert.Contains("fake/model-a http_503", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ProviderRejectsRequest_400WithProviderMessage()
    {
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw new LlmRouteException(
            "default",
            [new LlmAttempt(
                "fake/model-a",
                new LlmError("http_400", HttpStatusCode.BadRequest, false, "max_tokens is too large for this model."))],
            null);

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), HelloBody);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("upstream_rejected_request", error.GetProperty("code").GetString());
        Assert.Contains("max_tokens is too large", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_TotalTimeout_504()
    {
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw new OperationCanceledException("total timeout");

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), HelloBody);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("timeout", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CompleteChat_UnexpectedException_500WithoutItsMessage()
    {
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException(
            "secret detail sk-secret-123");

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), HelloBody);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("internal_error", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_ContentLengthOverLimit_413()
    {
        var body = $$"""{"model":"default","messages":[{"role":"user","content":"{{new string('a', (int)GatewayFactory.MaxBodyBytes)}}"}]}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Null(_factory.Client.LastMessages);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_413()
    {
        var body = $$"""{"model":"default","messages":[{"role":"user","content":"{{new string('a', (int)GatewayFactory.MaxBodyBytes)}}"}]}""";
        using var content = new UnknownLengthContent(System.Text.Encoding.UTF8.GetBytes(body));

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_ChunkedBodyUnderLimit_Accepted()
    {
        using var content = new UnknownLengthContent(System.Text.Encoding.UTF8.GetBytes(HelloBody));

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodySpanningSeveralBuffers_ParsedIntact()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789", 3000));
        var body = $$"""{"model":"default","messages":[{"role":"user","content":"{{text}}"}]}""";
        using var content = new UnknownLengthContent(System.Text.Encoding.UTF8.GetBytes(body));

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text, _factory.Client.LastMessages![0].Text);
    }

    [Fact]
    public async Task Post_BodyWithUtf8Bom_Accepted()
    {
        using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(HelloBody)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_AnyOutcome_LogsNoContentOrSecrets()
    {
        const string Prompt = "PROMPT-CANARY-71";
        const string Completion = "COMPLETION-CANARY-72";
        var http = _factory.CreateClient();
        var body = $$"""{"model":"default","messages":[{"role":"user","content":"{{Prompt}}"}]}""";
        var streamBody = $$"""{"model":"default","stream":true,"messages":[{"role":"user","content":"{{Prompt}}"}]}""";
        _factory.Logs.Clear();

        _factory.Client.GetResponseAsyncCallback = (_, _, _) =>
            Task.FromResult(
                new Microsoft.Extensions.AI.ChatResponse(
                    new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, Completion)));
        await GatewayHttp.PostAsync(http, body);
        await GatewayHttp.PostAsync(http, streamBody);
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw RouteFailure();
        await GatewayHttp.PostAsync(http, body);
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException(
            $"{Prompt} sk-secret-123");
        await GatewayHttp.PostAsync(http, body);
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => FailAfterFirst(ct);
        await GatewayHttp.PostAsync(http, streamBody);
        await GatewayHttp.PostAsync(http, body.Replace("\"user\"", "\"wizard\"", StringComparison.Ordinal));

        var records = _factory.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 2007);
        Assert.Contains(records, r => r.Id.Id == 2002);
        Assert.Contains(records, r => r.Id.Id == 2004);
        Assert.Contains(records, r => r.Id.Id == 2003);
        Assert.Contains(records, r => r.Id.Id == 2001);
        foreach (var record in records)
        {
            var text = record.Message + record.Exception;
            Assert.DoesNotContain(Prompt, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Completion, text, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_NoContentType_AcceptedAsJson()
    {
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(HelloBody));

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownPath_404InOpenAIEnvelope()
    {
        var response = await _factory.CreateClient().GetAsync(
            "/v1/nothing-here",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("not_found", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_ChatCompletions_405InOpenAIEnvelope()
    {
        var response = await _factory.CreateClient().GetAsync(
            GatewayHttp.ChatPath,
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
    }

    /// <summary>A body whose length is unknown up front, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(_bytes, 0, _bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
