using LlmAspire.Api.Configuration;

namespace LlmAspire.Api.Tests.Configuration;

public sealed class LlmGatewayOptionsValidatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4 * 1024 * 1024)]
    [InlineData(LlmGatewayOptionsValidator.MaxBodyLimit)]
    public void Validate_LimitInRange_Succeeds(long limit)
    {
        var result = new LlmGatewayOptionsValidator().Validate(
            null,
            new LlmGatewayOptions { MaxRequestBodyBytes = limit });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LlmGatewayOptionsValidator.MaxBodyLimit + 1)]
    public void Validate_LimitOutOfRange_FailsNamingKeyValueAndFix(long limit)
    {
        var result = new LlmGatewayOptionsValidator().Validate(
            null,
            new LlmGatewayOptions { MaxRequestBodyBytes = limit });

        Assert.True(result.Failed);
        Assert.Contains("Llm:Gateway:MaxRequestBodyBytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(
            limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            result.FailureMessage,
            StringComparison.Ordinal);
        Assert.Contains("default", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_MaxRequestBodyBytes_Is4MiB() =>
        Assert.Equal(4 * 1024 * 1024, new LlmGatewayOptions().MaxRequestBodyBytes);
}
