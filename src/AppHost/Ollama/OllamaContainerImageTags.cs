namespace LlmAspire.AppHost.Ollama;

/// <summary>The Ollama image the <c>ollama</c> resource runs in container mode.</summary>
internal static class OllamaContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>ollama/ollama</summary>
    public const string Image = "ollama/ollama";

    /// <summary>0.12.6: pinned so a new Ollama release never changes the stack under a developer.</summary>
    public const string Tag = "0.12.6";

    /// <summary>The port the Ollama server listens on inside the container.</summary>
    public const int Port = 11434;

    /// <summary>Where the image keeps its models; the data volume is mounted here.</summary>
    public const string DataPath = "/root/.ollama";
}
