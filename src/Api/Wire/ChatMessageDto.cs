using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>One entry of <c>messages</c>.</summary>
internal sealed class ChatMessageDto
{
    public string? Role { get; set; }

    [JsonConverter(typeof(MessageContentConverter))]
    public MessageContentDto? Content { get; set; }

    public string? Name { get; set; }

    public List<ToolCallDto?>? ToolCalls { get; set; }

    public string? ToolCallId { get; set; }
}
