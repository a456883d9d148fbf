using LlmAspire.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmAspire.Tests.Configuration;

public sealed class LlmOptionsValidatorTests
{
    public static TheoryData<string, Dictionary<string, string?>, string[]> InvalidConfigurations => new()
    {
        {
            "unknown kind",
            new() { ["Providers:x:Kind"] = "Bedrock" },
            ["Bedrock", "Llm:Providers:x:Kind", "OpenAI, Anthropic, Ollama, OpenAICompatible"]
        },
        {
            "missing kind",
            new() { ["Providers:x:Endpoint"] = "http://localhost:1" },
            ["Llm:Providers:x:Kind is missing", "OpenAI, Anthropic, Ollama, OpenAICompatible"]
        },
        {
            "OpenAI without key",
            new() { ["Providers:openai:Kind"] = "OpenAI" },
            ["Llm:Providers:openai:ApiKey is missing", "Llm__Providers__openai__ApiKey"]
        },
        {
            "Anthropic without key",
            new() { ["Providers:claude:Kind"] = "Anthropic" },
            ["Llm:Providers:claude:ApiKey is missing"]
        },
        {
            "OpenAI-compatible without endpoint",
            new() { ["Providers:vllm:Kind"] = "OpenAICompatible" },
            ["Llm:Providers:vllm:Endpoint is missing", "http://localhost:8000/v1"]
        },
        {
            "relative endpoint",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Providers:ollama:Endpoint"] = "localhost/ollama" },
            ["Llm:Providers:ollama:Endpoint", "localhost/ollama", "absolute http or https"]
        },
        {
            "non-http endpoint",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Providers:ollama:Endpoint"] = "ftp://host" },
            ["Llm:Providers:ollama:Endpoint", "ftp://host"]
        },
        {
            "slash in provider name",
            new() { ["Providers:a/b:Kind"] = "Ollama" },
            ["'a/b'", "contains '/'"]
        },
        {
            "route naming an unknown provider",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Routes:default:Targets:0"] = "openai/gpt-4o" },
            ["Llm:Routes:default:Targets:0", "'openai'", "configured: ollama", "Add Llm:Providers:openai"]
        },
        {
            "empty route",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Routes:default:Other"] = "x" },
            ["Llm:Routes:default:Targets is empty", "provider/model"]
        },
        {
            "target without model",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Routes:default:Targets:0"] = "ollama" },
            ["Llm:Routes:default:Targets:0", "'ollama'", "provider/model"]
        },
        {
            "non-positive max output tokens",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Providers:ollama:DefaultMaxOutputTokens"] = "0" },
            ["Llm:Providers:ollama:DefaultMaxOutputTokens", "at least 1"]
        },
        {
            "not a number",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Providers:ollama:DefaultMaxOutputTokens"] = "many" },
            ["many", "DefaultMaxOutputTokens"]
        },
        {
            "zero cache ttl",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Cache:Ttl"] = "00:00:00" },
            ["Llm:Cache:Ttl", "00:00:00", "longer than zero"]
        },
        {
            "tiny cache entry limit",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Cache:MaxEntryBytes"] = "10" },
            ["Llm:Cache:MaxEntryBytes", "10", "1048576"]
        },
        {
            "Redis timeout too long",
            new() { ["Providers:ollama:Kind"] = "Ollama", ["Cache:DistributedTimeout"] = "00:10:00" },
            ["Llm:Cache:DistributedTimeout", "00:10:00", "00:00:00.5"]
        },
        {
            "negative route cache ttl",
            new()
            {
                ["Providers:ollama:Kind"] = "Ollama",
                ["Routes:default:Targets:0"] = "ollama/llama3.2",
                ["Routes:default:Cache:Ttl"] = "-00:01:00"
            },
            ["Llm:Routes:default:Cache:Ttl", "-00:01:00", "Llm:Cache:Ttl"]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public void Validate_InvalidConfiguration_FailsNamingKeyValueAndFix(
        string scenario,
        Dictionary<string, string?> settings,
        string[] expectedFragments)
    {
        using var services = BuildServices(settings);

        var exception = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        foreach (var fragment in expectedFragments)
        {
            Assert.True(
                exception.Message.Contains(fragment, StringComparison.Ordinal),
                $"{scenario}: '{fragment}' missing from: {exception.Message}");
        }
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        using var services = BuildServices(new()
        {
            ["Providers:openai:Kind"] = "OpenAI",
            ["Providers:vllm:Kind"] = "OpenAICompatible",
            ["Routes:default:Targets:0"] = "nowhere/model",
        });

        var exception = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Equal(3, exception.Failures.Count());
    }

    [Fact]
    public void Validate_DesignDocumentExample_Succeeds()
    {
        using var services = BuildServices(new()
        {
            ["Providers:openai:Kind"] = "OpenAI",
            ["Providers:openai:ApiKey"] = "sk-test",
            ["Providers:openai:RequestsPerMinute"] = "500",
            ["Providers:anthropic:Kind"] = "Anthropic",
            ["Providers:anthropic:ApiKey"] = "sk-ant-test",
            ["Providers:ollama:Kind"] = "Ollama",
            ["Providers:ollama:Endpoint"] = "http://localhost:11434",
            ["Providers:vllm:Kind"] = "OpenAICompatible",
            ["Providers:vllm:Endpoint"] = "http://localhost:8000/v1",
            ["Routes:default:Targets:0"] = "anthropic/claude-sonnet-4-5",
            ["Routes:default:Targets:1"] = "openai/gpt-4o",
            ["Routes:default:Targets:2"] = "ollama/llama3.2",
            ["Routes:cheap:Targets:0"] = "openai/gpt-4o-mini",
        });

        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(4, options.Providers.Count);
        Assert.Equal(LlmProviderKind.OpenAICompatible, options.Providers["vllm"].Kind);
        Assert.Equal(new Uri("http://localhost:8000/v1"), options.Providers["vllm"].Endpoint);
        Assert.Equal(
            ["anthropic/claude-sonnet-4-5", "openai/gpt-4o", "ollama/llama3.2"],
            options.Routes["default"].Targets);
        Assert.NotNull(services.GetRequiredKeyedService<IChatClient>("cheap"));
        Assert.NotNull(services.GetRequiredKeyedService<IChatClient>("vllm"));
    }

    internal static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(kv => "Llm:" + kv.Key, kv => kv.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLlmAspire(configuration.GetSection("Llm"));
        return services.BuildServiceProvider();
    }
}
