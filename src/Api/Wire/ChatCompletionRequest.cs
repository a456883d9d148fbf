using System.Text.Json.Serialization;

namespace LlmAspire.Api.Wire;

/// <summary>The body of <c>POST /v1/chat/completions</c>, as the OpenAI API defines it; unknown members are ignored.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; set; }

    public List<ChatMessageDto?>? Messages { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? MaxTokens { get; set; }

    public int? MaxCompletionTokens { get; set; }

    [JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public long? Seed { get; set; }

    public double? PresencePenalty { get; set; }

    public double? FrequencyPenalty { get; set; }

    public int? N { get; set; }

    public bool? Stream { get; set; }

    public StreamOptionsDto? StreamOptions { get; set; }

    public List<ToolDto?>? Tools { get; set; }

    [JsonConverter(typeof(ToolChoiceConverter))]
    public ToolChoiceDto? ToolChoice { get; set; }

    public ResponseFormatDto? ResponseFormat { get; set; }

    public bool? ParallelToolCalls { get; set; }

    public string? User { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }
}
