using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmAspire.Testing.Tests;

// Drives the fake with the official OpenAI SDK through Microsoft.Extensions.AI, so a wire-format mistake
// shows up as the SDK failing to parse.
public sealed class OpenAIFakeProviderTests : IAsyncLifetime
{
    private const string Model = "gpt-4o-mini";

    private FakeProvider _fake = null!;
    private IChatClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, Ct);
        _client = CreateClient(_fake.Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Endpoint_WithAndWithoutTrailingSlash_BothReachTheFake()
    {
        var ct = Ct;
        Assert.Equal(new Uri(_fake.BaseAddress, "v1"), _fake.Endpoint);
        Assert.DoesNotContain("//v1", _fake.Endpoint.AbsoluteUri["http://".Length..], StringComparison.Ordinal);

        using var slashed = CreateClient(new Uri(_fake.BaseAddress, "v1/"));
        var first = await _client.GetResponseAsync("hi", cancellationToken: ct);
        var second = await slashed.GetResponseAsync("hi", cancellationToken: ct);

        Assert.Equal("Hello from the fake OpenAI provider.", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.All(_fake.Requests, r => Assert.Equal("/v1/chat/completions", r.Path));
    }

    [Fact]
    public async Task GetResponseAsync_Text_ReturnsTextUsageAndCachedTokens()
    {
        _fake.Enqueue(
            FakeReply.Text("Paris is the capital.", inputTokens: 30, outputTokens: 5).WithCachedInputTokens(20));

        var response = await _client.GetResponseAsync("Capital of France?", cancellationToken: Ct);

        Assert.Equal("Paris is the capital.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.Equal("chatcmpl-fake000001", response.ResponseId);
        Assert.NotNull(response.Usage);
        Assert.Equal(30, response.Usage.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(35, response.Usage.TotalTokenCount);
        Assert.Equal(20, response.Usage.CachedInputTokenCount);
        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Text_EqualsNonStreamingAndUsageArrivesLast()
    {
        var ct = Ct;
        var reply = FakeReply.Text("One two three four.", 40, 9).WithCachedInputTokens(16);
        _fake.Enqueue(reply, reply);

        var whole = await _client.GetResponseAsync("count", cancellationToken: ct);
        var updates = await _client.GetStreamingResponseAsync("count", cancellationToken: ct).ToListAsync(ct);
        var streamed = updates.ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(4, updates.Count(u => !string.IsNullOrEmpty(u.Text)));
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        var usage = Assert.IsType<UsageContent>(updates[^1].Contents.Single());
        Assert.Equal(40, usage.Details.InputTokenCount);
        Assert.Equal(9, usage.Details.OutputTokenCount);
        Assert.Equal(16, usage.Details.CachedInputTokenCount);
        Assert.True(_fake.Requests[^1].Stream);
        Assert.True(_fake.Requests[^1].Json?["stream_options"]?["include_usage"]?.GetValue<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCall_StreamingOrNot_ParsesFunctionCallWithArguments(bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.ToolCall("get_weather", """{"city":"Paris","days":3}""", id: "call_1")
            .WithToolCall("get_time", """{"zone":"CET"}"""));
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string city, int days) => "sunny", "get_weather")]
        };

        var response = stream
            ? await _client.GetStreamingResponseAsync("weather?", options, ct).ToChatResponseAsync(ct)
            : await _client.GetResponseAsync("weather?", options, ct);

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_1", calls[0].CallId);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("3", calls[0].Arguments!["days"]?.ToString());
        Assert.Equal("call_fake000001_1", calls[1].CallId);
        Assert.Equal("get_time", calls[1].Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("get_weather", _fake.Requests[0].Json?["tools"]?[0]?["function"]?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_FinishReasonLength_SurfacesLength()
    {
        _fake.Enqueue(FakeReply.Text("Cut short").WithFinishReason(FakeFinishReason.Length));

        var response = await _client.GetResponseAsync("long", cancellationToken: Ct);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    public async Task Error_StreamingOrNot_ThrowsClientResultExceptionWithStatus(int status, bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Error(
            status,
            "scripted failure",
            retryAfter: TimeSpan.FromSeconds(2),
            retryAfterMs: TimeSpan.FromMilliseconds(1500)));

        var exception = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            if (stream)
            {
                await _client.GetStreamingResponseAsync("hi", cancellationToken: ct).ToListAsync(ct);
            }
            else
            {
                await _client.GetResponseAsync("hi", cancellationToken: ct);
            }
        });

        Assert.Equal(status, exception.Status);
        Assert.Contains("scripted failure", exception.Message, StringComparison.Ordinal);
        var raw = exception.GetRawResponse();
        Assert.NotNull(raw);
        Assert.Equal("2", raw.Headers.TryGetValue("Retry-After", out var retryAfter) ? retryAfter : null);
        Assert.Equal("1500", raw.Headers.TryGetValue("retry-after-ms", out var retryAfterMs) ? retryAfterMs : null);
        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task Error_Body_IsOpenAIErrorEnvelope()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Error(429, "slow down"));
        using var http = new HttpClient();

        using var response = await http.PostAsync(
            new Uri(_fake.BaseAddress, "v1/chat/completions"),
            new StringContent("{}"),
            ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("slow down", error.GetProperty("message").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    // Documents the SDK: a connection reset mid-stream surfaces as a raw IOException (not ClientResultException)
    // after the chunks that arrived; no update carries a finish reason or usage.
    [Fact]
    public async Task GetStreamingResponseAsync_CutStream_ThrowsIOExceptionAfterChunksWithoutFinishReason()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Text("one two three four five").CutStreamAfter(2));

        var (updates, error) = await StreamCollector.CollectAsync(_client, ct);

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is UsageContent);
    }

    [Fact]
    public async Task GetResponseAsync_CutBody_Throws()
    {
        _fake.Enqueue(FakeReply.Text("one two three").CutStreamAfter(1));

        await Assert.ThrowsAnyAsync<Exception>(() => _client.GetResponseAsync("hi", cancellationToken: Ct));
    }

    // Documents the SDK: a stream whose HTTP response ends cleanly before the protocol's end marker finishes
    // quietly, with the partial text and no finish reason; only the missing finish reason reveals it.
    [Fact]
    public async Task GetStreamingResponseAsync_TruncatedStream_EndsQuietlyWithoutFinishReasonOrUsage()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Text("one two three four five").TruncateStreamAfter(2));

        var (updates, error) = await StreamCollector.CollectAsync(_client, ct);

        Assert.Null(error);
        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is UsageContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Malformed_StreamingOrNot_SdkThrowsJsonException(bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Malformed());

        await Assert.ThrowsAnyAsync<JsonException>(async () =>
        {
            if (stream)
            {
                await _client.GetStreamingResponseAsync("hi", cancellationToken: ct).ToListAsync(ct);
            }
            else
            {
                await _client.GetResponseAsync("hi", cancellationToken: ct);
            }
        });
    }

    [Fact]
    public async Task Hang_ClientCancels_ThrowsOperationCanceled()
    {
        _fake.Enqueue(FakeReply.Hang());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _client.GetResponseAsync("hi", cancellationToken: cts.Token));

        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task Requests_RecordAuthorizationModelAndBody()
    {
        await _client.GetResponseAsync("What is 2+2?", new ChatOptions { ModelId = "gpt-4o" }, Ct);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer test-key", request.Header("authorization"));
        Assert.Equal("gpt-4o", request.Model);
        Assert.False(request.Stream);
        Assert.Contains("What is 2+2?", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ListsDefaultsInOpenAIFormat()
    {
        var ct = Ct;
        var client = new OpenAIClient(
            new ApiKeyCredential("test-key"),
            new OpenAIClientOptions { Endpoint = _fake.Endpoint });

        var models = await client.GetOpenAIModelClient().GetModelsAsync(ct);

        Assert.Equal(["gpt-4o-mini", "gpt-4o"], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentRequests_EachTakesOneScriptedReply()
    {
        var ct = Ct;
        var texts = Enumerable.Range(0, 32).Select(i => $"reply {i}").ToArray();
        _fake.Enqueue([.. texts.Select(t => FakeReply.Text(t))]);

        var calls = Enumerable.Range(0, 32).Select(_ => _client.GetResponseAsync("hi", cancellationToken: ct));
        var responses = await Task.WhenAll(calls);

        Assert.Equal(texts.Order(StringComparer.Ordinal), responses.Select(r => r.Text).Order(StringComparer.Ordinal));
        Assert.Equal(32, _fake.ChatRequestCount);
        Assert.Equal(32, _fake.Requests.Count);
    }

    private static IChatClient CreateClient(Uri endpoint) =>
        new OpenAI.Chat.ChatClient(
            Model,
            new ApiKeyCredential("test-key"),
            new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0) })
        .AsIChatClient();
}
