using LlmAspire.Configuration;
using LlmAspire.Costs;
using LlmAspire.Costs.Internal;

namespace LlmAspire.Tests.Costs;

public sealed class PriceTableTests
{
    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("llama3.2:3b", "llama3.2")]
    [InlineData("gpt-4.1", "gpt-4.1")]
    public void Family_DatedIds_FallBackToFamily(string model, string family) =>
        Assert.Equal(family, PriceTable.Family(model));

    [Theory]
    [InlineData(LlmProviderKind.OpenAI, "gpt-4o", 2.50, 10.00)]
    [InlineData(LlmProviderKind.OpenAI, "gpt-4.1-mini-2025-04-14", 0.40, 1.60)]
    [InlineData(LlmProviderKind.OpenAI, "o4-mini", 1.10, 4.40)]
    [InlineData(LlmProviderKind.Anthropic, "claude-haiku-4-5-20251001", 1.00, 5.00)]
    [InlineData(LlmProviderKind.Anthropic, "claude-opus-4-1", 15.00, 75.00)]
    public void Find_ShippedModels_HaveCurrentPrices(LlmProviderKind kind, string model, double input, double output)
    {
        var price = new PriceTable(new Dictionary<string, LlmModelPrice>()).Find(kind, model);

        Assert.NotNull(price);
        Assert.Equal((decimal)input, price.InputPerMillion);
        Assert.Equal((decimal)output, price.OutputPerMillion);
    }

    [Fact]
    public void Find_OpenAIModelOnLocalServer_IsFreeButOnOpenAIIsUnpriced()
    {
        var table = new PriceTable(new Dictionary<string, LlmModelPrice>());

        Assert.Equal(0m, table.Find(LlmProviderKind.OpenAICompatible, "some-model")!.InputPerMillion);
        Assert.Null(table.Find(LlmProviderKind.OpenAI, "some-model"));
        Assert.Null(table.Find(LlmProviderKind.Anthropic, "gpt-4o"));
    }
}
