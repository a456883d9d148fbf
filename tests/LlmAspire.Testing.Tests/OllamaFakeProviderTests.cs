using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OllamaSharp.Models.Exceptions;

namespace LlmAspire.Testing.Tests;

// Drives the fake with OllamaSharp, which is itself an IChatClient.
public sealed class OllamaFakeProviderTests : IAsyncLifetime
{
    private const string Model = "llama3.2";

    private FakeProvider _fake = null!;
    private OllamaApiClient _ollama = null!;
    private IChatClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(FakeProviderKind.Ollama, Ct);
        _ollama = new OllamaApiClient(_fake.Endpoint, Model);
        _client = _ollama;
    }

    public async ValueTask DisposeAsync()
    {
        _ollama.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task GetResponseAsync_Text_ReturnsTextAndUsage()
    {
        _fake.Enqueue(FakeReply.Text("Paris is the capital.", inputTokens: 30, outputTokens: 5));

        var response = await _client.GetResponseAsync("Capital of France?", cancellationToken: Ct);

        Assert.Equal("Paris is the capital.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(30, response.Usage.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(35, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Text_EqualsNonStreamingAndUsageArrivesLast()
    {
        var ct = Ct;
        var reply = FakeReply.Text("One two three four.", 40, 9);
        _fake.Enqueue(reply, reply);

        var whole = await _client.GetResponseAsync("count", cancellationToken: ct);
        var updates = await _client.GetStreamingResponseAsync("count", cancellationToken: ct).ToListAsync(ct);
        var streamed = updates.ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(4, updates.Count(u => !string.IsNullOrEmpty(u.Text)));
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        var usage = Assert.IsType<UsageContent>(updates[^1].Contents.OfType<UsageContent>().Single());
        Assert.Equal(40, usage.Details.InputTokenCount);
        Assert.Equal(9, usage.Details.OutputTokenCount);
        Assert.True(_fake.Requests[^1].Stream);
    }

    [Fact]
    public async Task Chat_StreamAbsentOrFalse_AnswersNdjsonOrOneObject()
    {
        var ct = Ct;
        using var http = new HttpClient();

        var ndjson = await PostAsync(http, """{"model":"qwen3","messages":[]}""", ct);
        var single = await PostAsync(http, """{"model":"qwen3","stream":false,"messages":[]}""", ct);

        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        Assert.True(lines.Count > 2);
        Assert.All(lines[..^1], l => Assert.False(l.GetProperty("done").GetBoolean()));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
        Assert.Equal("stop", lines[^1].GetProperty("done_reason").GetString());
        Assert.Equal(12, lines[^1].GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(7, lines[^1].GetProperty("eval_count").GetInt32());
        Assert.Equal("qwen3", lines[0].GetProperty("model").GetString());
        using var one = JsonDocument.Parse(single);
        Assert.True(one.RootElement.GetProperty("done").GetBoolean());
        var content = one.RootElement.GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("Hello from the fake Ollama provider.", content);
        Assert.True(_fake.Requests[0].Stream);
        Assert.False(_fake.Requests[1].Stream);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCall_StreamingOrNot_ParsesFunctionCallWithArguments(bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.ToolCall("get_weather", """{"city":"Paris","days":3}"""));
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string city, int days) => "sunny", "get_weather")]
        };

        var response = stream
            ? await _client.GetStreamingResponseAsync("weather?", options, ct).ToChatResponseAsync(ct)
            : await _client.GetResponseAsync("weather?", options, ct);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        Assert.Equal("3", call.Arguments!["days"]?.ToString());
        Assert.Equal("get_weather", _fake.Requests[0].Json?["tools"]?[0]?["function"]?["name"]?.GetValue<string>());
    }

    // Documents OllamaSharp: a 400 becomes OllamaException carrying the body's "error" text (no status); any other
    // error status becomes the HttpRequestException of EnsureSuccessStatusCode, with StatusCode but not the text.
    [Fact]
    public async Task Error_BadRequest_ThrowsOllamaExceptionWithMessage()
    {
        _fake.Enqueue(FakeReply.Error(400, "model \"nope\" not found, try pulling it first"));

        var exception = await Assert.ThrowsAsync<OllamaException>(
            () => _client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal("model \"nope\" not found, try pulling it first", exception.Message);
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(503, true)]
    public async Task Error_OtherStatus_StreamingOrNot_ThrowsHttpRequestExceptionWithStatus(int status, bool stream)
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Error(status, "scripted failure"));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(async () =>
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

        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
    }

    [Fact]
    public async Task Error_Body_IsOllamaErrorShape()
    {
        _fake.Enqueue(FakeReply.Error(500, "out of memory"));
        using var http = new HttpClient();

        var body = await PostAsync(http, """{"model":"m"}""", Ct);

        Assert.Equal("""{"error":"out of memory"}""", body);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CutStream_EndsWithoutFinishReason()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Text("one two three four five").CutStreamAfter(2));

        var (updates, error) = await StreamCollector.CollectAsync(_client, ct);

        Assert.Equal("one two", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is UsageContent);
        Assert.NotNull(error);
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

    [Fact]
    public async Task Malformed_Streaming_SdkThrows()
    {
        var ct = Ct;
        _fake.Enqueue(FakeReply.Malformed());

        await Assert.ThrowsAnyAsync<Exception>(
            async () => await _client.GetStreamingResponseAsync("hi", cancellationToken: ct).ToListAsync(ct));
    }

    [Fact]
    public async Task ModelManagement_RootTagsPullAndVersion_AnswerLikeOllama()
    {
        var ct = Ct;

        var running = await _ollama.IsRunningAsync(ct);
        var pulls = await _ollama.PullModelAsync("qwen3:0.6b", ct).ToListAsync(ct);
        var tags = await _ollama.ListLocalModelsAsync(ct);
        var version = await _ollama.GetVersionAsync(ct);

        Assert.True(running);
        Assert.Equal("pulling manifest", pulls[0]?.Status);
        Assert.Equal("success", pulls[^1]?.Status);
        Assert.Contains(pulls, p => p?.Total > 0 && p.Completed == p.Total);
        Assert.Equal(["llama3.2:latest", "qwen3:0.6b"], tags.Select(t => t.Name));
        Assert.NotNull(version);
        Assert.Equal(0, _fake.ChatRequestCount);
        Assert.Equal("qwen3:0.6b", _fake.Requests.Single(r => r.Path == "/api/pull").Model);
    }

    private async Task<string> PostAsync(HttpClient http, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json);
        using var response = await http.PostAsync(new Uri(_fake.BaseAddress, "api/chat"), content, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
