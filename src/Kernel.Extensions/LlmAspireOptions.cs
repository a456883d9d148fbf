namespace LlmAspire;

/// <summary>Placeholder.</summary>
public sealed class LlmAspireOptions;
