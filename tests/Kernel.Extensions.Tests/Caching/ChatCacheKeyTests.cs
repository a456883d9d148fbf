using System.Text.Json;
using LlmAspire.Caching;
using LlmAspire.Caching.Internal;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Tests.Caching;

public sealed class ChatCacheKeyTests
{
    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "What is the capital of France?"),
    ];

    public static TheoryData<string> OutputChangingOptions =>
    [
        "temperature", "top_p", "top_k", "max_output_tokens", "stop", "seed", "frequency_penalty", "presence_penalty",
        "model_id", "instructions", "response_format_json", "response_format_schema", "tool", "tool_mode_required",
        "tool_mode_none", "multiple_tool_calls", "additional_property", "reasoning",
    ];

    public static TheoryData<string> IrrelevantOptions =>
    [
        "call_context", "conversation_id", "no_cache", "no_store", "property_order",
    ];

    [Fact]
    public void TryCompute_SameRequest_SameVersionedSha256Key()
    {
        var first = ChatCacheKey.TryCompute("default", Messages, BaseOptions());
        var second = ChatCacheKey.TryCompute("default", [.. Messages], BaseOptions());

        Assert.Equal(first, second);
        Assert.Matches("^llmaspire:chat:v1:[0-9a-f]{64}$", first);
    }

    [Theory]
    [MemberData(nameof(OutputChangingOptions))]
    public void TryCompute_OutputChangingOption_ChangesKey(string option)
    {
        var changed = BaseOptions();
        Change(changed, option);

        Assert.NotEqual(
            ChatCacheKey.TryCompute("default", Messages, BaseOptions()),
            ChatCacheKey.TryCompute("default", Messages, changed));
    }

    [Theory]
    [MemberData(nameof(IrrelevantOptions))]
    public void TryCompute_IrrelevantOption_KeepsKey(string option)
    {
        var changed = BaseOptions();
        Change(changed, option);

        Assert.Equal(
            ChatCacheKey.TryCompute("default", Messages, BaseOptions()),
            ChatCacheKey.TryCompute("default", Messages, changed));
    }

    [Theory]
    [InlineData("scope")]
    [InlineData("role")]
    [InlineData("text")]
    [InlineData("author")]
    [InlineData("tool_call_arguments")]
    [InlineData("tool_result")]
    [InlineData("extra_message")]
    public void TryCompute_DifferentScopeOrMessages_ChangesKey(string change)
    {
        var baseline = ToolTurn("{\"city\":\"Paris\"}", "sunny");
        var scope = "default";
        var messages = ToolTurn("{\"city\":\"Paris\"}", "sunny");
        switch (change)
        {
            case "scope": scope = "cheap"; break;
            case "role": messages[0] = new ChatMessage(ChatRole.System, messages[0].Text); break;
            case "text": messages[0] = new ChatMessage(ChatRole.User, "Weather in Rome?"); break;
            case "author": messages[0].AuthorName = "alice"; break;
            case "tool_call_arguments": messages = ToolTurn("{\"city\":\"Rome\"}", "sunny"); break;
            case "tool_result": messages = ToolTurn("{\"city\":\"Paris\"}", "rainy"); break;
            default: messages.Add(new ChatMessage(ChatRole.User, "And tomorrow?")); break;
        }

        Assert.NotEqual(
            ChatCacheKey.TryCompute("default", baseline, null),
            ChatCacheKey.TryCompute(scope, messages, null));
    }

    private static List<ChatMessage> ToolTurn(string arguments, string result) =>
    [
        new(ChatRole.User, "Weather in Paris?"),
        new(
            ChatRole.Assistant,
            [
                new FunctionCallContent(
                    "call_1",
                    "get_weather",
                    JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)),
            ]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", result)]),
    ];

    private static ChatOptions BaseOptions() => new()
    {
        Temperature = 0,
        AdditionalProperties = new() { ["a"] = 1, ["b"] = "two" },
    };

    private static void Change(ChatOptions options, string option)
    {
        switch (option)
        {
            case "temperature": options.Temperature = 0.5f; break;
            case "top_p": options.TopP = 0.9f; break;
            case "top_k": options.TopK = 40; break;
            case "max_output_tokens": options.MaxOutputTokens = 100; break;
            case "stop": options.StopSequences = ["END"]; break;
            case "seed": options.Seed = 42; break;
            case "frequency_penalty": options.FrequencyPenalty = 0.5f; break;
            case "presence_penalty": options.PresencePenalty = 0.5f; break;
            case "model_id": options.ModelId = "gpt-4o"; break;
            case "instructions": options.Instructions = "Answer in French."; break;
            case "response_format_json": options.ResponseFormat = ChatResponseFormat.Json; break;
            case "response_format_schema":
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(
                    JsonDocument.Parse("{\"type\":\"object\"}").RootElement,
                    "answer");
                break;
            case "tool": options.Tools = [AIFunctionFactory.Create((string city) => city, "get_weather")]; break;
            case "tool_mode_required": options.ToolMode = ChatToolMode.RequireSpecific("get_weather"); break;
            case "tool_mode_none": options.ToolMode = ChatToolMode.None; break;
            case "multiple_tool_calls": options.AllowMultipleToolCalls = false; break;
            case "additional_property": options.AdditionalProperties!["logit_bias"] = "{\"50256\":-100}"; break;
            case "reasoning": options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High }; break;
            case "call_context": new LlmCallContext().AttachTo(options); break;
            case "conversation_id": options.ConversationId = "conv-1"; break;
            case "no_cache": options.AdditionalProperties![LlmCacheOptions.NoCacheKey] = true; break;
            case "no_store": options.AdditionalProperties![LlmCacheOptions.NoStoreKey] = true; break;
            default: options.AdditionalProperties = new() { ["b"] = "two", ["a"] = 1 }; break;
        }
    }
}
