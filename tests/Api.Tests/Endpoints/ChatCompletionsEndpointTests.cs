using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;
using MeaiChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace LlmAspire.Api.Tests.Endpoints;

public sealed partial class ChatCompletionsEndpointTests : IClassFixture<GatewayFactory>
{
    private readonly GatewayFactory _factory;

    public ChatCompletionsEndpointTests(GatewayFactory factory)
    {
        _factory = factory;
        _factory.Client.Reset();
    }

    [Fact]
    public async Task CompleteChat_TextAnswer_ReturnsOpenAICompletion()
    {
        var client = _factory.CreateOpenAIChatClient();

        var result = await client.CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Say hello.")],
            cancellationToken: TestContext.Current.CancellationToken);
        var completion = result.Value;

        Assert.Equal("Hello from the fake model.", Assert.Single(completion.Content).Text);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ScriptedChatClient.AnsweringModel, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(12, completion.Usage.InputTokenCount);
        Assert.Equal(6, completion.Usage.OutputTokenCount);
        Assert.Equal(18, completion.Usage.TotalTokenCount);
        Assert.Equal(4, completion.Usage.InputTokenDetails.CachedTokenCount);

        var sent = _factory.Client.LastMessages!;
        Assert.Equal([ChatRole.System, ChatRole.User], sent.Select(m => m.Role));
        Assert.Equal("Say hello.", sent[1].Text);
    }

    [Fact]
    public async Task CompleteChat_Answered_SetsLlmHeaders()
    {
        _factory.Client.FailedAttempts.Add(
            new("fake/model-b", new("http_503", System.Net.HttpStatusCode.ServiceUnavailable, true, "down")));
        var client = _factory.CreateOpenAIChatClient();

        var result = await client.CompleteChatAsync(
            [new UserChatMessage("hi")],
            cancellationToken: TestContext.Current.CancellationToken);
        var headers = result.GetRawResponse().Headers;

        Assert.True(headers.TryGetValue("x-llm-route", out var route));
        Assert.Equal("default", route);
        Assert.True(headers.TryGetValue("x-llm-provider", out var provider));
        Assert.Equal("fake", provider);
        Assert.True(headers.TryGetValue("x-llm-model", out var model));
        Assert.Equal("model-a", model);
        Assert.True(headers.TryGetValue("x-llm-attempts", out var attempts));
        Assert.Equal("2", attempts);
    }

    [Fact]
    public async Task CompleteChat_TargetNamed_RouteHeaderEmpty()
    {
        var response = await GatewayHttp.PostAsync(
            _factory.CreateClient(),
            $$"""{"model":"fake/model-b","messages":{{GatewayHttp.HelloMessages}}}""");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, Assert.Single(response.Headers.GetValues("x-llm-route")));
        Assert.Equal("fake", Assert.Single(response.Headers.GetValues("x-llm-provider")));
    }

    [Fact]
    public async Task CompleteChat_SamplingOptions_ReachChatOptions()
    {
        var body = $$$"""
            {"model":"default","messages":{{{GatewayHttp.HelloMessages}}},"temperature":0.5,"top_p":0.9,
             "max_tokens":100,"max_completion_tokens":50,"stop":"END","seed":42,"presence_penalty":-1.5,
             "frequency_penalty":1.25,"n":1,"parallel_tool_calls":false,"user":"user-7","unknown_field":{"a":[1]}}
            """;

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var options = _factory.Client.LastOptions!;
        Assert.Equal(0.5f, options.Temperature);
        Assert.Equal(0.9f, options.TopP);
        Assert.Equal(50, options.MaxOutputTokens);
        Assert.Equal(["END"], options.StopSequences!);
        Assert.Equal(42, options.Seed);
        Assert.Equal(-1.5f, options.PresencePenalty);
        Assert.Equal(1.25f, options.FrequencyPenalty);
        Assert.False(options.AllowMultipleToolCalls);
        Assert.Equal("user-7", options.AdditionalProperties!["user"]);
    }

    [Fact]
    public async Task CompleteChat_JsonSchemaResponseFormat_PassedToChatOptions()
    {
        var client = _factory.CreateOpenAIChatClient();
        var schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";
        var options = new ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                "city_answer",
                BinaryData.FromString(schema),
                "A city.",
                jsonSchemaIsStrict: true),
        };

        await client.CompleteChatAsync([new UserChatMessage("Where?")], options, TestContext.Current.CancellationToken);

        var format = Assert.IsType<ChatResponseFormatJson>(_factory.Client.LastOptions!.ResponseFormat);
        Assert.Equal("city_answer", format.SchemaName);
        Assert.Equal("A city.", format.SchemaDescription);
        Assert.Equal(
            "string",
            format.Schema!.Value.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal(true, _factory.Client.LastOptions.AdditionalProperties!["strict"]);
    }

    [Theory]
    [InlineData("""{"type":"text"}""", "text")]
    [InlineData("""{"type":"json_object"}""", "json")]
    public async Task CompleteChat_SimpleResponseFormat_PassedToChatOptions(string format, string expected)
    {
        var body = $$"""{"model":"default","messages":{{GatewayHttp.HelloMessages}},"response_format":{{format}}}""";

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var actual = _factory.Client.LastOptions!.ResponseFormat;
        Assert.Equal(expected, actual switch
        {
            ChatResponseFormatText => "text",
            ChatResponseFormatJson { Schema: null } => "json",
            _ => "other",
        });
    }

    [Fact]
    public async Task CompleteChat_ToolsAndToolChoice_MapToDeclarations()
    {
        var client = _factory.CreateOpenAIChatClient();
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool(
                    "get_weather",
                    "Weather for a city.",
                    BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")),
                ChatTool.CreateFunctionTool("get_time"),
            },
            ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather"),
        };

        await client.CompleteChatAsync(
            [new UserChatMessage("Weather?")],
            options,
            TestContext.Current.CancellationToken);

        var sent = _factory.Client.LastOptions!;
        var tools = sent.Tools!.Cast<AIFunctionDeclaration>().ToList();
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.Name));
        Assert.Equal("Weather for a city.", tools[0].Description);
        Assert.Equal(
            "string",
            tools[0].JsonSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("object", tools[1].JsonSchema.GetProperty("type").GetString());
        Assert.Equal("get_weather", Assert.IsType<RequiredChatToolMode>(sent.ToolMode).RequiredFunctionName);
    }

    [Theory]
    [InlineData("\"none\"", "none")]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"required\"", "required")]
    public async Task CompleteChat_ToolChoiceMode_MapsToToolMode(string choice, string expected)
    {
        var body = $$$"""
            {"model":"default","messages":{{{GatewayHttp.HelloMessages}}},"tool_choice":{{{choice}}},
             "tools":[{"type":"function","function":{"name":"f"}}]}
            """;

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, _factory.Client.LastOptions!.ToolMode switch
        {
            NoneChatToolMode => "none",
            AutoChatToolMode => "auto",
            RequiredChatToolMode { RequiredFunctionName: null } => "required",
            _ => "other",
        });
    }

    [Fact]
    public async Task CompleteChat_UpstreamCallsTool_ReturnsToolCalls()
    {
        _factory.Client.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(ToolCallResponse());
        var client = _factory.CreateOpenAIChatClient();

        var completion = (await client.CompleteChatAsync(
            [new UserChatMessage("Weather in Oslo?")],
            new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather") } },
            TestContext.Current.CancellationToken)).Value;

        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("call_1", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        using var arguments = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal("Oslo", arguments.RootElement.GetProperty("city").GetString());
        Assert.Equal(2, arguments.RootElement.GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task CompleteChat_ToolHistory_MapsToFunctionCallAndResult()
    {
        var client = _factory.CreateOpenAIChatClient();
        List<ChatMessage> history =
        [
            new UserChatMessage("Weather in Oslo?"),
            new AssistantChatMessage(
                [
                    ChatToolCall.CreateFunctionToolCall(
                        "call_1",
                        "get_weather",
                        BinaryData.FromString("""{"city":"Oslo"}""")),
                ]),
            new ToolChatMessage("call_1", "Sunny, 20C"),
        ];

        await client.CompleteChatAsync(
            history,
            new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather") } },
            TestContext.Current.CancellationToken);

        var sent = _factory.Client.LastMessages!;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], sent.Select(m => m.Role));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(sent[1].Contents));
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(sent[2].Contents));
        Assert.Equal("call_1", result.CallId);
        Assert.Equal("Sunny, 20C", result.Result);
    }

    [Fact]
    public async Task CompleteChat_ContentParts_MapToTextUriAndDataContent()
    {
        var body = """
            {"model":"default","messages":[
              {"role":"developer","content":[{"type":"text","text":"Rules."}]},
              {"role":"user","name":"ann","content":[
                {"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}
            """;

        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var sent = _factory.Client.LastMessages!;
        Assert.Equal(ChatRole.System, sent[0].Role);
        Assert.Equal("ann", sent[1].AuthorName);
        var parts = sent[1].Contents;
        Assert.Equal("What is this?", Assert.IsType<TextContent>(parts[0]).Text);
        Assert.Equal(new Uri("https://example.com/cat.png"), Assert.IsType<UriContent>(parts[1]).Uri);
        Assert.Equal("low", parts[1].AdditionalProperties!["detail"]);
        Assert.Equal("image/png", Assert.IsType<DataContent>(parts[2]).MediaType);
    }

    [Fact]
    public async Task CompleteChat_ModelMissingFromContext_UsesResponseModelId()
    {
        _factory.Client.GetResponseAsyncCallback = (_, options, _) =>
        {
            options!.AdditionalProperties!.Remove(LlmAspire.Routing.LlmCallContext.OptionsKey);
            var response = ScriptedChatClient.DefaultResponse();
            response.ModelId = "upstream-model";
            response.FinishReason = MeaiChatFinishReason.Length;
            return Task.FromResult(response);
        };

        var result = await _factory.CreateOpenAIChatClient().CompleteChatAsync(
            [new UserChatMessage("hi")],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("upstream-model", result.Value.Model);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, result.Value.FinishReason);
    }

    internal static ChatResponse ToolCallResponse() => new(new Microsoft.Extensions.AI.ChatMessage(
        ChatRole.Assistant,
        [
            new FunctionCallContent(
                "call_1",
                "get_weather",
                new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 2 }),
        ]))
    {
        ModelId = ScriptedChatClient.AnsweringModel,
        FinishReason = MeaiChatFinishReason.ToolCalls,
        Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 8, TotalTokenCount = 28 },
    };
}
