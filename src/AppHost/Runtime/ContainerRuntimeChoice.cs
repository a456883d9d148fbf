namespace LlmAspire.AppHost.Runtime;

/// <summary>Whether the stack runs its backing services as containers, and why that was decided.</summary>
/// <param name="Runtime">
/// The container runtime's command (<c>docker</c> or <c>podman</c>), or <see langword="null"/> in local mode.
/// </param>
/// <param name="Reason">One sentence a developer reads in the AppHost's log.</param>
internal sealed record ContainerRuntimeChoice(string? Runtime, string Reason)
{
    public bool UseContainers => Runtime is not null;

    /// <summary>How the log names the mode.</summary>
    public string Mode => Runtime is null ? "local" : $"container ({Runtime})";
}
