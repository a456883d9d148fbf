namespace LlmAspire.Testing.Internal;

// One scripted tool call; ArgumentsJson is validated as a JSON object when the reply is built.
internal sealed record FakeToolCall(string? Id, string Name, string ArgumentsJson);
