namespace LlmAspire.AppHost.Runtime;

/// <summary>The AppHost's own configuration keys and their defaults, in one place so docs and tests agree.</summary>
internal static class AppHostSettings
{
    public const string ContainerRuntimeKey = "LlmAspire:ContainerRuntime";

    public const string LocalCacheKey = "LlmAspire:LocalCache";

    public const string OllamaModelKey = "Ollama:Model";

    public const string OllamaEndpointKey = "Ollama:Endpoint";

    public const string DefaultOllamaModel = "llama3.2";

    public const string ApiReplicasKey = "Api:Replicas";

    public const string LlmSection = "Llm";
}
