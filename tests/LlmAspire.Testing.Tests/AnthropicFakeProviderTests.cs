using System.Net;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;

namespace LlmAspire.Testing.Tests;

// Drives the fake with the official Anthropic SDK through its Microsoft.Extensions.AI adapter.
public sealed class AnthropicFakeProviderTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";

    private FakeProvider _fake = null!;
    private AnthropicClient _sdk = null!;
    private IChatClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(FakeProviderKind.Anthropic, Ct);

        // Every credential and the base URL are set explicitly: left unset, the SDK reads ANTHROPIC_* variables.
        _sdk = new AnthropicClient(new ClientOptions
        {
            ApiKey = "test-key",
            AuthToken = null,
            BaseUrl = _fake.Endpoint.AbsoluteUri,
            MaxRetries = 0,
        });
        _client = _sdk.AsIChatClient(Model, 1024);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task GetResponseAsync_Text_ReturnsTextAndUsageWithCacheReadsAndWrites()
    {
        _fake.Enqueue(FakeReply.Text("Paris is the capital.", inputTokens: 100, outputTokens: 6)
            .WithCachedInputTokens(60)
            .WithCacheWriteTokens(30));

        var response = await _client.GetResponseAsync("Capital of France?", cancellationToken: Ct);

        Assert.Equal("Paris is the capital.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.Equal("msg_fake000001", response.ResponseId);
        Assert.NotNull(response.Usage);
        Assert.Equal(100, response.Usage.InputTokenCount);
        Assert.Equal(6, response.Usage.OutputTokenCount);
        Assert.Equal(60, response.Usage.CachedInputTokenCount);
        Assert.Equal(30, response.Usage.AdditionalCounts?["CacheCreationInputTokens"]);

        using var wire = JsonDocument.Parse(await RawPostAsync("""{"model":"m","max_tokens":5,"messages":[]}"""));
        var usage = wire.RootElement.GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Text_EqualsNonStreamingAndUsageArrivesAtTheEnd()
    {
        var ct = Ct;
        var reply = FakeReply.Text("One two three four.", 40, 9).WithCachedInputTokens(16).WithCacheWriteTokens(4);
        _fake.Enqueue(reply, reply);

        var whole = await _client.GetResponseAsync("count", cancellationToken: ct);
        var updates = await _client.GetStreamingResponseAsync("count", cancellationToken: ct).ToListAsync(ct);
        var streamed = updates.ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(4, updates.Count(u => !string.IsNullOrEmpty(u.Text)));
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.NotNull(streamed.Usage);
        Assert.Equal(whole.Usage?.InputTokenCount, streamed.Usage.InputTokenCount);
        Assert.Equal(9, streamed.Usage.OutputTokenCount);
        Assert.Equal(16, streamed.Usage.CachedInputTokenCount);
        var lastUsage = updates.FindLastIndex(u => u.Contents.Any(c => c is UsageContent));
        var lastText = updates.FindLastIndex(u => !string.IsNullOrEmpty(u.Text));
        Assert.True(lastUsage > lastText, "usage must follow the text");
        Assert.True(_fake.Requests[^1].Stream);
    }

    [Fact]
    public async Task Stream_OnTheWire_HasEventLinesInOrder()
    {
        var body = await RawPostAsync("""{"model":"claude-x","max_tokens":5,"stream":true,"messages":[]}""");

        var events = body.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(
            l => l[7..]).Distinct();
        Assert.Equal(
            [
                "message_start",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop",
            ],
            events);
        Assert.Contains("\"model\":\"claude-x\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCall_StreamingOrNot_ParsesFunctionCallWithArguments(bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.ToolCall("get_weather", """{"city":"Paris","days":3}""", id: "toolu_1"));
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string city, int days) => "sunny", "get_weather")]
        };

        var response = stream
            ? await _client.GetStreamingResponseAsync("weather?", options, ct).ToChatResponseAsync(ct)
            : await _client.GetResponseAsync("weather?", options, ct);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        Assert.Equal("3", call.Arguments!["days"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("get_weather", _fake.Requests[0].Json?["tools"]?[0]?["name"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(400, false, typeof(AnthropicBadRequestException))]
    [InlineData(429, false, typeof(AnthropicRateLimitException))]
    [InlineData(500, false, typeof(Anthropic5xxException))]
    [InlineData(529, false, typeof(AnthropicOverloadedException))]
    [InlineData(529, true, typeof(AnthropicOverloadedException))]
    public async Task Error_StreamingOrNot_ThrowsAnthropicApiExceptionWithStatus(int status, bool stream, Type expected)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Error(status, "scripted failure", retryAfter: TimeSpan.FromSeconds(3)));

        var exception = await Assert.ThrowsAnyAsync<AnthropicApiException>(async () =>
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

        Assert.IsAssignableFrom(expected, exception);
        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Equal("scripted failure", exception.ApiMessage);
        Assert.Equal("req_fake000001", exception.RequestID);
        Assert.Equal(1, _fake.ChatRequestCount);
    }

    [Fact]
    public async Task Error_Overloaded_BodyIsAnthropicErrorShape()
    {
        _fake.Enqueue(FakeReply.Error(529, "Overloaded", retryAfterMs: TimeSpan.FromMilliseconds(250)));
        using var http = new HttpClient();
        using var content = new StringContent("{}");

        using var response = await http.PostAsync(new Uri(_fake.BaseAddress, "v1/messages"), content, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("250", response.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Overloaded", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    // Documents the SDK: a connection reset mid-stream surfaces as an exception after the chunks that arrived,
    // never as a finish reason.
    [Fact]
    public async Task GetStreamingResponseAsync_CutStream_ThrowsAfterChunksWithoutFinishReason()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Text("one two three four five").CutStreamAfter(2));

        var (updates, error) = await StreamCollector.CollectAsync(_client, ct);

        Assert.NotNull(error);
        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
    }

    // Documents the SDK: a stream whose HTTP response ends cleanly before message_stop finishes quietly, with the
    // partial text and no finish reason. Unlike OpenAI and Ollama it still yields usage: the provisional counts of
    // message_start (input tokens, output_tokens 1), so usage alone does not prove a complete stream.
    [Fact]
    public async Task GetStreamingResponseAsync_TruncatedStream_EndsQuietlyWithProvisionalUsage()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Text("one two three four five").TruncateStreamAfter(2));

        var (updates, error) = await StreamCollector.CollectAsync(_client, ct);

        Assert.Null(error);
        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(12, usage.Details.InputTokenCount);
        Assert.Equal(1, usage.Details.OutputTokenCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Malformed_StreamingOrNot_SdkThrows(bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Malformed());

        await Assert.ThrowsAnyAsync<Exception>(async () =>
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
    public async Task Requests_RecordBearerKeyVersionModelAndBody()
    {
        await _client.GetResponseAsync("What is 2+2?", new ChatOptions { ModelId = "claude-haiku-4-5" }, Ct);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("Bearer test-key", request.Header("Authorization"));
        Assert.Null(request.Header("x-api-key"));
        Assert.NotNull(request.Header("anthropic-version"));
        Assert.Equal("claude-haiku-4-5", request.Model);
        Assert.Equal(1024, request.Json?["max_tokens"]?.GetValue<int>());
        Assert.Contains("What is 2+2?", request.Body, StringComparison.Ordinal);
    }

    private async Task<string> RawPostAsync(string json)
    {
        using var http = new HttpClient();
        using var content = new StringContent(json);
        using var response = await http.PostAsync(new Uri(_fake.BaseAddress, "v1/messages"), content, Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
