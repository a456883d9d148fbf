using System.Text.Json;
using LlmAspire.Caching.Internal;
using Microsoft.Extensions.AI;

namespace LlmAspire.Tests.Caching;

public sealed class CachedResponseCodecTests
{
    private static readonly DateTimeOffset Expires = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_EncodedResponse_KeepsTextToolCallsFinishReasonUsageAndModel()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new TextContent("Checking."),
            new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
        ]))
        {
            ResponseId = "resp-1",
            ModelId = "gpt-4o-mini-2024",
            FinishReason = ChatFinishReason.ToolCalls,
            Usage = new UsageDetails
            {
                InputTokenCount = 12,
                OutputTokenCount = 7,
                TotalTokenCount = 19,
                CachedInputTokenCount = 4,
                AdditionalCounts = new() { ["CacheCreationInputTokens"] = 3 },
            },
        };

        var entry = CachedResponseCodec.TryEncode(response, Expires, "openai", "gpt-4o-mini");
        var decoded = CachedResponseCodec.Decode(entry!);

        Assert.Equal(Expires, CachedResponseCodec.ReadExpiry(entry));
        Assert.Equal("openai", decoded.Provider);
        Assert.Equal("gpt-4o-mini", decoded.Model);
        Assert.Equal("Checking.", decoded.Response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, decoded.Response.FinishReason);
        Assert.Equal("resp-1", decoded.Response.ResponseId);
        Assert.Equal("gpt-4o-mini-2024", decoded.Response.ModelId);
        Assert.Equal(19, decoded.Response.Usage!.TotalTokenCount);
        Assert.Equal(4, decoded.Response.Usage.CachedInputTokenCount);
        Assert.Equal(3, decoded.Response.Usage.AdditionalCounts!["CacheCreationInputTokens"]);
        var call = Assert.Single(decoded.Response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
    }

    [Fact]
    public void TryEncode_ContentItDoesNotStore_ReturnsNull()
    {
        var response = new ChatResponse(
            new ChatMessage(ChatRole.Assistant, [new DataContent(new byte[] { 1, 2 }, "image/png")]))
        {
            FinishReason = ChatFinishReason.Stop,
        };

        Assert.Null(CachedResponseCodec.TryEncode(response, Expires, null, null));
    }
}
