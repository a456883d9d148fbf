using System.Net;
using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;

namespace LlmAspire.Api.Tests.Endpoints;

public sealed class ModelsEndpointTests : IClassFixture<GatewayFactory>
{
    private readonly GatewayFactory _factory;

    public ModelsEndpointTests(GatewayFactory factory) => _factory = factory;

    [Fact]
    public async Task GetModels_OpenAISdk_ListsRoutesThenTargets()
    {
        var client = _factory.CreateOpenAIModelClient();

        var models = (await client.GetModelsAsync(TestContext.Current.CancellationToken)).Value;

        Assert.Equal(["default", "fake/model-a", "fake/model-b"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("llmaspire", m.OwnedBy));
    }

    [Fact]
    public async Task GetModels_RawBody_IsOpenAIListFormat()
    {
        var response = await _factory.CreateClient().GetAsync("/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = document.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        var first = root.GetProperty("data")[0];
        Assert.Equal("default", first.GetProperty("id").GetString());
        Assert.Equal("model", first.GetProperty("object").GetString());
        Assert.True(first.GetProperty("created").GetInt64() > 0);
    }

    [Fact]
    public async Task PostModels_WrongMethod_405InOpenAIEnvelope()
    {
        var response = await _factory.CreateClient().PostAsync(
            "/v1/models",
            null,
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
    }
}
