namespace LlmAspire.Configuration;

/// <summary>The wire protocol a provider speaks, which selects the official SDK used to reach it.</summary>
public enum LlmProviderKind
{
    /// <summary>OpenAI's API through the official OpenAI SDK. Default endpoint <c>https://api.openai.com/v1</c>.</summary>
    OpenAI,

    /// <summary>Anthropic's Messages API through the official Anthropic SDK. Default endpoint <c>https://api.anthropic.com</c>.</summary>
    Anthropic,

    /// <summary>An Ollama server through OllamaSharp. Default endpoint <c>http://localhost:11434</c>.</summary>
    Ollama,

    /// <summary>
    /// A server that speaks OpenAI's Chat Completions API (vLLM, llama.cpp server, LM Studio) through the OpenAI SDK.
    /// The endpoint is required and the API key optional.
    /// </summary>
    OpenAICompatible,
}
