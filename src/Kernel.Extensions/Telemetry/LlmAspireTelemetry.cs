namespace LlmAspire.Telemetry;

/// <summary>Names of LlmAspire's own telemetry, for wiring exporters.</summary>
public static class LlmAspireTelemetry
{
    /// <summary>The name of LlmAspire's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "LlmAspire";

    /// <summary>
    /// The activity source and meter name of Microsoft.Extensions.AI's OpenTelemetry stage, which emits the GenAI
    /// semantic-convention spans (<c>chat {model}</c>) and metrics for every provider call.
    /// </summary>
    public const string GenAISourceName = "Experimental.Microsoft.Extensions.AI";
}
