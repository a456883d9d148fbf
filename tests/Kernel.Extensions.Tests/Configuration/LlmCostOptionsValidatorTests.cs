using LlmAspire.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmAspire.Tests.Configuration;

public sealed class LlmCostOptionsValidatorTests
{
    public static TheoryData<string, Dictionary<string, string?>, string[]> InvalidConfigurations => new()
    {
        {
            "negative price",
            new() { ["Pricing:gpt-4o:InputPerMillion"] = "-1" },
            ["Llm:Pricing:gpt-4o:InputPerMillion", "-1", "0 or more"]
        },
        {
            "threshold above 1",
            new() { ["Budget:AlertThreshold"] = "1.5" },
            ["Llm:Budget:AlertThreshold", "1.5", "0.8"]
        },
        {
            "downgrade without route",
            new() { ["Budget:OnExceeded"] = "Downgrade" },
            ["Llm:Budget:DowngradeRoute is missing", "Reject"]
        },
        {
            "downgrade to unknown route",
            new() { ["Budget:OnExceeded"] = "Downgrade", ["Budget:DowngradeRoute"] = "nope" },
            ["Llm:Budget:DowngradeRoute", "'nope'"]
        },
        {
            "tenant without key",
            new() { ["Tenants:a:DailyUsd"] = "5" },
            ["Llm:Tenants:a:ApiKey is missing", "Llm__Tenants__a__ApiKey"]
        },
        {
            "unreadable budget",
            new() { ["Budget:DailyUsd"] = "lots" },
            ["Llm:Budget", "lots"]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public void Validate_InvalidCostConfiguration_FailsNamingKeyValueAndFix(
        string scenario,
        Dictionary<string, string?> settings,
        string[] expectedFragments)
    {
        using var services = BuildServices(settings);

        var exception = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        foreach (var fragment in expectedFragments)
        {
            Assert.True(
                exception.Message.Contains(fragment, StringComparison.Ordinal),
                $"{scenario}: '{fragment}' missing from: {exception.Message}");
        }
    }

    [Fact]
    public void Validate_DuplicateTenantKeys_FailWithoutShowingTheKey()
    {
        using var services = BuildServices(new()
        {
            ["Tenants:a:ApiKey"] = "shared-secret-key",
            ["Tenants:b:ApiKey"] = "shared-secret-key",
        });

        var exception = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains("same as another tenant's key", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shared-secret-key", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings) =>
        LlmOptionsValidatorTests.BuildServices(settings);
}
