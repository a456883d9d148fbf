using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Testing;
using OpenAI.Chat;

namespace LlmAspire.Api.Tests.EndToEnd;

/// <summary>
/// The gateway with the real pipeline: an unchanged OpenAI SDK calls it, and it calls each provider kind's fake
/// server through that provider's official SDK.
/// </summary>
public sealed class GatewayEndToEndTests
{
    private const string Secret = "sk-gateway-e2e-secret-42";

    public static TheoryData<FakeProviderKind, string> Kinds => new()
    {
        { FakeProviderKind.OpenAI, "OpenAI" },
        { FakeProviderKind.OpenAI, "OpenAICompatible" },
        { FakeProviderKind.Anthropic, "Anthropic" },
        { FakeProviderKind.Ollama, "Ollama" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task OpenAISdk_StreamedAndNot_AgreeForEveryProviderKind(FakeProviderKind fakeKind, string kind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.Text("Bonjour from the upstream model.", inputTokens: 17, outputTokens: 6),
            FakeReply.Text("Bonjour from the upstream model.", inputTokens: 17, outputTokens: 6));
        await using var gateway = new ProviderGatewayFactory(OneProvider(fake, kind));
        var client = gateway.CreateOpenAIChatClient("default");

        ChatCompletion whole = await client.CompleteChatAsync(
            [new UserChatMessage("Say bonjour.")],
            cancellationToken: TestContext.Current.CancellationToken);
        var streamedText = new System.Text.StringBuilder();
        ChatTokenUsage? streamedUsage = null;
        ChatFinishReason? streamedFinish = null;
        var options = new ChatCompletionOptions();
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Say bonjour.")],
            options,
            TestContext.Current.CancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamedText.Append(part.Text);
            }

            streamedUsage ??= update.Usage;
            streamedFinish ??= update.FinishReason;
        }

        Assert.Equal("Bonjour from the upstream model.", whole.Content[0].Text);
        Assert.Equal(whole.Content[0].Text, streamedText.ToString());
        Assert.Equal(17, whole.Usage.InputTokenCount);
        Assert.Equal(6, whole.Usage.OutputTokenCount);
        Assert.Equal(17, streamedUsage?.InputTokenCount);
        Assert.Equal(6, streamedUsage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal(ChatFinishReason.Stop, streamedFinish);
        Assert.All(fake.Requests.Where(r => r.Method == "POST"), r => Assert.Equal("upstream-model", r.Model));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ChatCompletions_EachKind_SetsRouteProviderModelAndAttemptHeaders(
        FakeProviderKind fakeKind,
        string kind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        await using var gateway = new ProviderGatewayFactory(OneProvider(fake, kind));

        using var response = await GatewayHttp.PostAsync(
            gateway.CreateClient(),
            $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}}}""");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("default", response.Headers.GetValues("x-llm-route").Single());
        Assert.Equal("p", response.Headers.GetValues("x-llm-provider").Single());
        Assert.Equal("upstream-model", response.Headers.GetValues("x-llm-model").Single());
        Assert.Equal("1", response.Headers.GetValues("x-llm-attempts").Single());
    }

    [Fact]
    public async Task OpenAISdk_ToolCallThroughAnthropic_RoundTripsInOpenAIShape()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.ToolCall("get_weather", """{"city":"Lima"}""", id: "toolu_1"),
            FakeReply.Text("It is warm in Lima."));
        await using var gateway = new ProviderGatewayFactory(OneProvider(fake, "Anthropic"));
        var client = gateway.CreateOpenAIChatClient("default");
        var tool = ChatTool.CreateFunctionTool(
            "get_weather",
            "Weather by city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool } };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Weather in Lima?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options, TestContext.Current.CancellationToken);
        var call = Assert.Single(first.ToolCalls);
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "warm, 27 degrees"));
        ChatCompletion second = await client.CompleteChatAsync(
            messages,
            options,
            TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Lima", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Equal("It is warm in Lima.", second.Content[0].Text);
        var upstream = fake.Requests.Last(r => r.Method == "POST").Body;
        Assert.Contains("tool_result", upstream, StringComparison.Ordinal);
        Assert.Contains("warm, 27 degrees", upstream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_FirstTargetDown_FailsOverAndCountsAttempts()
    {
        await using var down = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var up = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        down.Enqueue(FakeReply.Error(503, "maintenance"));
        up.Enqueue(FakeReply.Text("from ollama"));
        await using var gateway = new ProviderGatewayFactory(TwoProviders(down, up));

        using var response = await GatewayHttp.PostAsync(
            gateway.CreateClient(),
            $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}}}""");
        var body = await GatewayHttp.ReadJsonAsync(response);

        Assert.Equal(
            "from ollama",
            body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("b", response.Headers.GetValues("x-llm-provider").Single());
        Assert.Equal("2", response.Headers.GetValues("x-llm-attempts").Single());
    }

    [Fact]
    public async Task ChatCompletions_EveryTargetFails_502ListsAttemptsWithoutSecrets()
    {
        await using var first = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var second = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        first.Enqueue(FakeReply.Error(401, $"Incorrect API key provided: {Secret}"));
        second.Enqueue(FakeReply.Error(500, "boom"));
        await using var gateway = new ProviderGatewayFactory(TwoProviders(first, second));

        using var response = await GatewayHttp.PostAsync(
            gateway.CreateClient(),
            $$"""{"model":"default","messages":[{"role":"user","content":"my private prompt"}]}""");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("a/upstream-model", text, StringComparison.Ordinal);
        Assert.Contains("http_401", text, StringComparison.Ordinal);
        Assert.Contains("b/upstream-model", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("my private prompt", text, StringComparison.Ordinal);
        Assert.All(
            gateway.Logs.GetSnapshot(),
            r => Assert.DoesNotContain(Secret, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(FakeProviderKind.OpenAI, "OpenAI")]
    [InlineData(FakeProviderKind.Anthropic, "Anthropic")]
    [InlineData(FakeProviderKind.Ollama, "Ollama")]
    public async Task ChatCompletions_StreamCutAfterFirstChunk_EndsWithErrorEventNotDone(
        FakeProviderKind fakeKind,
        string kind)
    {
        await using var fake = await FakeProvider.StartAsync(fakeKind, TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text("one two three four five six").CutStreamAfter(2));
        await using var gateway = new ProviderGatewayFactory(OneProvider(fake, kind));

        using var response = await GatewayHttp.PostAsync(
            gateway.CreateClient(),
            $$"""{"model":"default","stream":true,"messages":{{GatewayHttp.HelloMessages}}}""");
        var data = GatewayHttp.ReadSseData(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Contains(data, d => d.Contains("\"content\":\"one", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", data);
        Assert.Contains("\"error\"", data[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_EveryTargetRateLimited_429WithRetryAfter()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        var settings = OneProvider(fake, "OpenAI");
        settings["Providers:p:RequestsPerMinute"] = "1";
        settings["Resilience:MaxRateLimitWait"] = "00:00:00";
        await using var gateway = new ProviderGatewayFactory(settings);
        var http = gateway.CreateClient();
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}}}""";

        using var first = await GatewayHttp.PostAsync(http, body);
        using var second = await GatewayHttp.PostAsync(http, body);
        var error = await GatewayHttp.ReadErrorAsync(second);

        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.InRange(
            second.Headers.RetryAfter?.Delta ?? TimeSpan.Zero,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(60));
        Assert.Equal(1, fake.ChatRequestCount);
    }

    internal static Dictionary<string, string?> OneProvider(FakeProvider fake, string kind) => new()
    {
        ["Providers:p:Kind"] = kind,
        ["Providers:p:Endpoint"] = fake.Endpoint.ToString(),
        ["Providers:p:ApiKey"] = Secret,
        ["Resilience:MaxRetryAttempts"] = "0",
        ["Cache:Enabled"] = "false",
        ["Routes:default:Targets:0"] = "p/upstream-model",
    };

    private static Dictionary<string, string?> TwoProviders(FakeProvider first, FakeProvider second) => new()
    {
        ["Providers:a:Kind"] = "OpenAI",
        ["Providers:a:Endpoint"] = first.Endpoint.ToString(),
        ["Providers:a:ApiKey"] = Secret,
        ["Providers:b:Kind"] = "Ollama",
        ["Providers:b:Endpoint"] = second.Endpoint.ToString(),
        ["Resilience:MaxRetryAttempts"] = "0",
        ["Cache:Enabled"] = "false",
        ["Routes:default:Targets:0"] = "a/upstream-model",
        ["Routes:default:Targets:1"] = "b/upstream-model",
    };
}
