namespace LlmAspire.Testing.Internal;

internal enum FakeReplyShape
{
    Text,
    ToolCall,
    Error,
    Malformed,
    Hang,
}
