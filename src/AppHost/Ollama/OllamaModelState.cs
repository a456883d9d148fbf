namespace LlmAspire.AppHost.Ollama;

/// <summary>How far the pull of the configured model has got; read by the health check, written by the puller.</summary>
internal sealed class OllamaModelState(string model)
{
    private int _started;
    private volatile string _status = "waiting for the Ollama server";
    private volatile bool _ready;
    private volatile string? _error;

    public string Model { get; } = model;

    public string Status => _status;

    public bool IsReady => _ready;

    public string? Error => _error;

    /// <summary>True for the first caller only, so a restarted container does not start a second pull.</summary>
    public bool TryStart() => Interlocked.Exchange(ref _started, 1) == 0;

    public void Report(string status) => _status = status;

    public void MarkReady() => _ready = true;

    public void MarkFailed(string error) => _error = error;
}
