namespace LlmAspire.Routing;

/// <summary>One try of one target during a chat call.</summary>
/// <param name="Target">The target tried, as <c>provider/model</c>.</param>
/// <param name="Error">
/// <see langword="null"/> when the attempt succeeded; otherwise the classified failure, which never carries secrets or
/// message content.
/// </param>
public sealed record LlmAttempt(string Target, LlmError? Error);
