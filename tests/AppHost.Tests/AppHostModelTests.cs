using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Cache;
using LlmAspire.AppHost.Ollama;

namespace LlmAspire.AppHost.Tests;

public sealed class AppHostModelTests
{
    [Theory]
    [InlineData(AppHostFixture.Local)]
    [InlineData(AppHostFixture.Containers)]
    public async Task Model_AnyMode_HasCacheOllamaAndApiWithTheSameNames(string mode)
    {
        await using var builder = await AppHostFixture.CreateAsync(
            mode,
            $"--Ollama:Endpoint={AppHostFixture.OllamaEndpoint}");

        Assert.IsType<IResourceWithConnectionString>(builder.Resource<IResource>("cache"), exactMatch: false);
        builder.Resource<IResource>("ollama");
        var api = builder.Resource<ProjectResource>("api");

        Assert.Contains("cache", api.WaitsFor());
        Assert.Contains("ollama", api.WaitsFor());
        Assert.Contains(
            api.Annotations.OfType<HealthCheckAnnotation>(),
            h => h.Key.Contains("api", StringComparison.Ordinal));
        Assert.Contains(api.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http" && e.IsExternal);

        var environment = await builder.ApiEnvironmentAsync();
        Assert.Equal("{cache.connectionString}", environment["ConnectionStrings__cache"]);
    }

    [Fact]
    public async Task Model_ContainerMode_PinsImagesAndPullsIntoAVolume()
    {
        await using var builder = await AppHostFixture.CreateAsync(AppHostFixture.Containers);

        var cache = builder.Resource<RedisResource>("cache");
        var cacheImage = Assert.Single(cache.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(CacheContainerImageTags.Tag, cacheImage.Tag);
        Assert.NotEqual("latest", cacheImage.Tag);

        var ollama = builder.Resource<ContainerResource>("ollama");
        var ollamaImage = Assert.Single(ollama.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(
            ("docker.io", "ollama/ollama", OllamaContainerImageTags.Tag),
            (ollamaImage.Registry, ollamaImage.Image, ollamaImage.Tag));
        Assert.Matches(@"^\d+\.\d+\.\d+$", OllamaContainerImageTags.Tag);
        Assert.Contains(
            ollama.Annotations.OfType<ContainerMountAnnotation>(),
            m => m.Target == "/root/.ollama" && m.Type == ContainerMountType.Volume);
        Assert.Contains(
            ollama.Annotations.OfType<EndpointAnnotation>(),
            e => e.Name == "http" && e.TargetPort == 11434);
        Assert.Contains(ollama.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "ollama-model");

        var environment = await builder.ApiEnvironmentAsync();
        Assert.Equal("Ollama", environment["Llm__Providers__ollama__Kind"]);
        Assert.Equal("{ollama.bindings.http.url}", environment["Llm__Providers__ollama__Endpoint"]);
        Assert.Equal("ollama/llama3.2", environment["Llm__Routes__default__Targets__0"]);
    }

    [Theory]
    [InlineData("redis-server", "--save")]
    [InlineData("garnet", "garnet-server@2.2.12")]
    public async Task Model_LocalMode_RunsALocalServerBehindTheCacheConnectionString(
        string server,
        string expectedArgument)
    {
        if (server == "redis-server" && !File.Exists("/usr/bin/redis-server"))
        {
            Assert.Skip("redis-server is not installed (apt-get install redis-server).");
        }

        await using var builder = await AppHostFixture.CreateAsync(
            AppHostFixture.Local,
            $"--LlmAspire:LocalCache={server}");

        var cache = builder.Resource<ConnectionStringResource>("cache");
        var process = builder.Resource<ExecutableResource>("cache-server");
        Assert.Contains("cache-server", cache.WaitsFor());
        Assert.Contains(process.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "cache-server-ping");

        var arguments = await process.ArgumentsAsync();
        Assert.Contains(expectedArgument, arguments);
        Assert.Contains("127.0.0.1", arguments);

        var api = builder.Resource<ProjectResource>("api");
        Assert.Contains("cache", api.WaitsFor());
    }

    [Fact]
    public async Task Model_LocalModeWithoutOllamaEndpoint_LeavesOllamaOut()
    {
        await using var builder = await AppHostFixture.CreateAsync(AppHostFixture.Local);

        Assert.DoesNotContain(builder.Resources, r => r.Name == "ollama");
        var api = builder.Resource<ProjectResource>("api");
        Assert.DoesNotContain("ollama", api.WaitsFor());

        var environment = await builder.ApiEnvironmentAsync();
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Llm__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Model_LocalModeWithOllamaEndpoint_PassesTheEndpointWithoutV1()
    {
        await using var builder = await AppHostFixture.CreateAsync(
            AppHostFixture.Local,
            $"--Ollama:Endpoint={AppHostFixture.OllamaEndpoint}/",
            "--Ollama:Model=qwen3");

        Assert.IsType<ExternalServiceResource>(builder.Resource<IResource>("ollama"));

        var environment = await builder.ApiEnvironmentAsync();
        Assert.Equal("Ollama", environment["Llm__Providers__ollama__Kind"]);
        Assert.Equal(AppHostFixture.OllamaEndpoint, environment["Llm__Providers__ollama__Endpoint"]);
        Assert.Equal("ollama/qwen3", environment["Llm__Routes__default__Targets__0"]);
        Assert.False(environment.ContainsKey("Llm__Routes__default__Targets__1"));
    }

    [Theory]
    [InlineData(AppHostFixture.Local)]
    [InlineData(AppHostFixture.Containers)]
    public async Task Model_NoApiKeys_LeavesOpenAIAndAnthropicOut(string mode)
    {
        await using var builder = await AppHostFixture.CreateAsync(mode);

        Assert.DoesNotContain(
            builder.Resources,
            r => r is ParameterResource p && p.Name.EndsWith("-api-key", StringComparison.Ordinal));

        var environment = await builder.ApiEnvironmentAsync();
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Llm__Providers__openai", StringComparison.Ordinal));
        Assert.DoesNotContain(
            environment.Keys,
            k => k.StartsWith("Llm__Providers__anthropic", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AppHostFixture.Local)]
    [InlineData(AppHostFixture.Containers)]
    public async Task Model_ApiKeysGiven_PassesThemAsSecretParametersAndRoutesInOrder(string mode)
    {
        await using var builder = await AppHostFixture.CreateAsync(
            mode,
            $"--Ollama:Endpoint={AppHostFixture.OllamaEndpoint}",
            "--Parameters:openai-api-key=sk-test-openai",
            "--Parameters:anthropic-api-key=sk-ant-test");

        Assert.True(builder.Resource<ParameterResource>("openai-api-key").Secret);
        Assert.True(builder.Resource<ParameterResource>("anthropic-api-key").Secret);

        var environment = await builder.ApiEnvironmentAsync();
        Assert.Equal("OpenAI", environment["Llm__Providers__openai__Kind"]);
        Assert.Equal("{openai-api-key.value}", environment["Llm__Providers__openai__ApiKey"]);
        Assert.Equal("Anthropic", environment["Llm__Providers__anthropic__Kind"]);
        Assert.Equal("{anthropic-api-key.value}", environment["Llm__Providers__anthropic__ApiKey"]);
        Assert.DoesNotContain(environment.Values, v => v.Contains("sk-", StringComparison.Ordinal));

        Assert.Equal("anthropic/claude-sonnet-4-5", environment["Llm__Routes__default__Targets__0"]);
        Assert.Equal("openai/gpt-4o-mini", environment["Llm__Routes__default__Targets__1"]);
        Assert.Equal("ollama/llama3.2", environment["Llm__Routes__default__Targets__2"]);
    }

    [Fact]
    public async Task Model_LlmConfiguration_IsPassedThroughAndReplacesTheGeneratedRoute()
    {
        await using var builder = await AppHostFixture.CreateAsync(
            AppHostFixture.Local,
            $"--Ollama:Endpoint={AppHostFixture.OllamaEndpoint}",
            "--Llm:Providers:vllm:Kind=OpenAICompatible",
            "--Llm:Providers:vllm:Endpoint=http://localhost:8000/v1",
            "--Llm:Routes:default:Targets:0=vllm/qwen3");

        var environment = await builder.ApiEnvironmentAsync();
        Assert.Equal("OpenAICompatible", environment["Llm__Providers__vllm__Kind"]);
        Assert.Equal("http://localhost:8000/v1", environment["Llm__Providers__vllm__Endpoint"]);
        Assert.Equal("vllm/qwen3", environment["Llm__Routes__default__Targets__0"]);
        Assert.False(environment.ContainsKey("Llm__Routes__default__Targets__1"));
        Assert.Equal("Ollama", environment["Llm__Providers__ollama__Kind"]);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    public async Task Model_ApiReplicas_RunsThatManyInstances(string? replicas, int expected)
    {
        string[] args = replicas is null ? [AppHostFixture.Local] : [
            AppHostFixture.Local,
            $"--Api:Replicas={replicas}"];
        await using var builder = await AppHostFixture.CreateAsync(args);

        var api = builder.Resource<ProjectResource>("api");
        var actual = api.Annotations.OfType<ReplicaAnnotation>().SingleOrDefault()?.Replicas ?? 1;
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("--Api:Replicas=0", "Api:Replicas")]
    [InlineData("--LlmAspire:ContainerRuntime=kubernetes", "LlmAspire:ContainerRuntime")]
    [InlineData("--LlmAspire:LocalCache=memcached", "LlmAspire:LocalCache")]
    [InlineData("--Ollama:Endpoint=localhost:11434", "Ollama:Endpoint")]
    public async Task Model_InvalidSetting_FailsNamingTheKey(string setting, string key)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(
            () => AppHostFixture.CreateAsync(AppHostFixture.Local, setting));

        var root = exception;
        while (root is not InvalidOperationException && root.InnerException is not null)
        {
            root = root.InnerException;
        }

        Assert.Contains(key, root.Message, StringComparison.Ordinal);
    }
}
