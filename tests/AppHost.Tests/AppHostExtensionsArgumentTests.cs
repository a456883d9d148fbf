using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Cache;
using LlmAspire.AppHost.Gateway;
using LlmAspire.AppHost.Ollama;
using LlmAspire.AppHost.Runtime;

namespace LlmAspire.AppHost.Tests;

public sealed class AppHostExtensionsArgumentTests
{
    [Fact]
    public void BuilderExtensions_NullBuilder_Throw()
    {
        IDistributedApplicationBuilder builder = null!;

        Assert.Throws<ArgumentNullException>("builder", () => builder.ResolveContainerRuntime());
        Assert.Throws<ArgumentNullException>("builder", () => builder.AddRedisContainer("cache"));
        Assert.Throws<ArgumentNullException>("builder", () => builder.AddLocalRedis("cache"));
        Assert.Throws<ArgumentNullException>("builder", () => builder.AddOllamaContainer("ollama"));
        Assert.Throws<ArgumentNullException>("builder", () => builder.AddOllamaFromConfiguration("ollama"));
        Assert.Throws<ArgumentNullException>("builder", () => builder.AddOptionalSecret("openai-api-key", "openai"));
    }

    [Fact]
    public void BuilderExtensions_EmptyName_Throw()
    {
        var builder = DistributedApplication.CreateBuilder();

        Assert.Throws<ArgumentException>("name", () => builder.AddRedisContainer(" "));
        Assert.Throws<ArgumentException>("name", () => builder.AddLocalRedis(""));
        Assert.Throws<ArgumentNullException>("name", () => builder.AddOllamaContainer(null!));
        Assert.Throws<ArgumentException>("name", () => builder.AddOllamaFromConfiguration(""));
        Assert.Throws<ArgumentException>("provider", () => builder.AddOptionalSecret("openai-api-key", ""));
    }

    [Fact]
    public void GatewayExtensions_NullApi_Throw()
    {
        IResourceBuilder<ProjectResource> api = null!;

        Assert.Throws<ArgumentNullException>("api", () => api.WithDefaultHttpEndpoint());
        Assert.Throws<ArgumentNullException>("api", () => api.WithReplicasFromConfiguration());
        Assert.Throws<ArgumentNullException>("api", () => api.WithOllama(null));
        Assert.Throws<ArgumentNullException>("api", () => api.WithLlmProviders(null, null, null));
        Assert.Throws<ArgumentNullException>("api", () => api.WithLlmConfigurationPassThrough());
    }
}
