namespace LlmAspire.Testing;

public sealed class FakeProviderServer;
