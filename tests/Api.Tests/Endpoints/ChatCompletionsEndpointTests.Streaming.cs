using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace LlmAspire.Api.Tests.Endpoints;

/// <content>Server-sent event streams.</content>
public sealed partial class ChatCompletionsEndpointTests
{
    [Fact]
    public async Task CompleteChatStreaming_TextAnswer_EqualsNonStreamedAnswer()
    {
        var client = _factory.CreateOpenAIChatClient();
        var ct = TestContext.Current.CancellationToken;
        var complete = (await client.CompleteChatAsync(
            [new UserChatMessage("Say hello.")],
            cancellationToken: ct)).Value;

        var text = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Say hello.")],
            cancellationToken: ct))
        {
            updates.Add(update);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal(complete.Content[0].Text, text.ToString());
        Assert.True(updates.Count > 3, "The answer should arrive in several chunks.");
        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.Equal(complete.FinishReason, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.All(updates, u => Assert.Equal(complete.Model, u.Model));
        var usage = updates[^1].Usage;
        Assert.NotNull(usage);
        Assert.Equal(complete.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(complete.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(complete.Usage.TotalTokenCount, usage.TotalTokenCount);
        Assert.Equal(complete.Usage.InputTokenDetails.CachedTokenCount, usage.InputTokenDetails.CachedTokenCount);
    }

    [Fact]
    public async Task Stream_IncludeUsage_UsageChunkThenDoneLast()
    {
        var body = $$$"""
            {"model":"default","messages":{{{GatewayHttp.HelloMessages}}},"stream":true,
             "stream_options":{"include_usage":true}}
            """;

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default", Assert.Single(response.Headers.GetValues("x-llm-route")));
        Assert.Equal("fake", Assert.Single(response.Headers.GetValues("x-llm-provider")));
        Assert.Equal("model-a", Assert.Single(response.Headers.GetValues("x-llm-model")));
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-llm-attempts")));

        var data = GatewayHttp.ReadSseData(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal(
            "assistant",
            chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());

        var finish = chunks[^2].GetProperty("choices")[0];
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(18, last.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(
            4,
            last.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_UsageNotRequested_NoUsageChunk()
    {
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}},"stream":true}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        var data = GatewayHttp.ReadSseData(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("[DONE]", data[^1]);
        Assert.DoesNotContain(data, d => d.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Contains("\"finish_reason\":\"stop\"", data[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_UpstreamCallsTool_SendsIndexedToolCallDeltas()
    {
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => ScriptedChatClient.StreamOf(
            ToolCallResponse(),
            ct);
        var client = _factory.CreateOpenAIChatClient();

        var calls = new List<StreamingChatToolCallUpdate>();
        OpenAI.Chat.ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Weather?")],
            new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather") } },
            TestContext.Current.CancellationToken))
        {
            calls.AddRange(update.ToolCallUpdates);
            finish ??= update.FinishReason;
        }

        var call = Assert.Single(calls);
        Assert.Equal(0, call.Index);
        Assert.Equal("call_1", call.ToolCallId);
        Assert.Equal("get_weather", call.FunctionName);
        using var arguments = JsonDocument.Parse(call.FunctionArgumentsUpdate);
        Assert.Equal("Oslo", arguments.RootElement.GetProperty("city").GetString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task Stream_FailsAfterFirstChunk_EndsWithErrorEventAndNoDone()
    {
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => FailAfterFirst(ct);
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}},"stream":true}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = GatewayHttp.ReadSseData(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("[DONE]", data);
        Assert.Contains("Hel", data[0], StringComparison.Ordinal);
        var error = JsonDocument.Parse(data[^1]).RootElement.GetProperty("error");
        Assert.Equal("stream_failed", error.GetProperty("code").GetString());
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain("sk-", data[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_FailsAfterFirstChunk_SdkSeesNoFinishReason()
    {
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => FailAfterFirst(ct);
        var client = _factory.CreateOpenAIChatClient();

        var updates = new List<StreamingChatCompletionUpdate>();
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync(
                [new UserChatMessage("hi")],
                cancellationToken: TestContext.Current.CancellationToken))
            {
                updates.Add(update);
            }
        }
        catch (Exception ex) when (ex is System.ClientModel.ClientResultException
            or JsonException
            or InvalidOperationException
            or KeyNotFoundException)
        {
            // The SDK may surface the error event as an exception; either way the stream must not look complete.
        }

        Assert.DoesNotContain(updates, u => u.FinishReason is not null);
    }

    [Fact]
    public async Task Stream_EndsWithoutFinishReason_EndsWithIncompleteErrorEvent()
    {
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => EndQuietly(ct);
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}},"stream":true}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        var data = GatewayHttp.ReadSseData(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain("[DONE]", data);
        var error = JsonDocument.Parse(data[^1]).RootElement.GetProperty("error");
        Assert.Equal("stream_incomplete", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stream_FailsBeforeFirstChunk_AnswersJsonError()
    {
        _factory.Client.GetStreamingResponseAsyncCallback = (_, _, ct) => FailImmediately(ct);
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}},"stream":true}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("all_targets_failed", error.GetProperty("code").GetString());
        Assert.Equal(2, error.GetProperty("attempts").GetArrayLength());
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailAfterFirst(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel") { ModelId = ScriptedChatClient.AnsweringModel };
        cancellationToken.ThrowIfCancellationRequested();
        throw RouteFailure();
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> EndQuietly(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel") { ModelId = ScriptedChatClient.AnsweringModel };
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailImmediately(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (RouteFailure() is { } failure)
        {
            throw failure;
        }

        yield break;
    }

    internal static LlmRouteException RouteFailure() => new(
        "default",
        [
            new LlmAttempt(
                "fake/model-a",
                new LlmError(
                    "http_503",
                    HttpStatusCode.ServiceUnavailable,
                    true,
                    "Service down for key sk-secret-123")),
            new LlmAttempt("fake/model-b", new LlmError("timeout", null, true, "Timed out; prompt was 'Say hello.'")),
        ],
        new HttpRequestException("Upstream said 503 to Authorization: Bearer sk-secret-123"));
}
