namespace LlmAspire.Testing.Tests;

public sealed class FakeReplyTests
{
    [Fact]
    public void ToolCall_ArgumentsNotAJsonObject_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => FakeReply.ToolCall("f", "[1,2]"));
        Assert.Throws<ArgumentException>(() => FakeReply.ToolCall("f", "{not json"));
        Assert.Throws<ArgumentException>(() => FakeReply.ToolCall("", "{}"));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(399)]
    [InlineData(600)]
    public void Error_StatusOutsideErrorRange_Throws(int status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeReply.Error(status));

    [Fact]
    public void CachedPlusCacheWriteTokens_ExceedInputTokens_Throws()
    {
        var reply = FakeReply.Text("x", inputTokens: 10).WithCachedInputTokens(6);

        Assert.Throws<ArgumentOutOfRangeException>(() => reply.WithCacheWriteTokens(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeReply.Text("x", inputTokens: 3).WithCachedInputTokens(4));
    }

    [Fact]
    public void StreamModifiers_OnNonAnswerReplies_ThrowInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => FakeReply.Error(500).CutStreamAfter(1));
        Assert.Throws<InvalidOperationException>(() => FakeReply.Hang().TruncateStreamAfter(1));
        Assert.Throws<InvalidOperationException>(() => FakeReply.Malformed().WithFinishReason(FakeFinishReason.Length));
        Assert.Throws<InvalidOperationException>(() => FakeReply.Text("x").WithToolCall("f", "{}"));
    }

    [Fact]
    public void Modifiers_ReturnCopies_LeavingTheOriginalUnchanged()
    {
        var original = FakeReply.Text("hello");

        var changed = original.WithCachedInputTokens(4).WithDelay(TimeSpan.FromMilliseconds(1));

        Assert.NotEqual(original, changed);
        Assert.Equal(FakeReply.Text("hello"), original);
    }

    [Fact]
    public async Task DisposeAsync_WithHangingRequest_AbortsItAndStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var fake = await FakeProvider.StartAsync(FakeProviderKind.Ollama, ct);
        fake.Enqueue(FakeReply.Hang());
        using var http = new HttpClient();
        using var content = new StringContent("""{"model":"m"}""");
        var pending = http.PostAsync(new Uri(fake.BaseAddress, "api/chat"), content, ct);
        while (fake.ChatRequestCount == 0)
        {
            await Task.Yield();
        }

        await fake.DisposeAsync();
        await fake.DisposeAsync();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task RecordRequests_Off_CountsButKeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.Ollama, ct);
        fake.RecordRequests = false;
        using var http = new HttpClient();
        using var content = new StringContent("""{"model":"m","stream":false}""");

        using var response = await http.PostAsync(new Uri(fake.BaseAddress, "api/chat"), content, ct);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(1, fake.ChatRequestCount);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task UnknownRoute_Answers404InTheProviderErrorShape()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await FakeProvider.StartAsync(FakeProviderKind.OpenAI, ct);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(fake.BaseAddress, "v1/nothing"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"error\":{", body, StringComparison.Ordinal);
        Assert.Equal(0, fake.ChatRequestCount);
        Assert.Equal("/v1/nothing", Assert.Single(fake.Requests).Path);
    }
}
