namespace LlmAspire.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Build_Succeeds() => Assert.True(true);
}
