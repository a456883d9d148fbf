using LlmAspire.AppHost.Cache;
using LlmAspire.AppHost.Gateway;
using LlmAspire.AppHost.Ollama;
using LlmAspire.AppHost.Runtime;

var builder = DistributedApplication.CreateBuilder(args);

// Containers when Docker or Podman answers; local processes and configured endpoints otherwise.
var runtime = builder.ResolveContainerRuntime();

var cache = runtime.UseContainers
    ? builder.AddRedisContainer("cache")
    : builder.AddLocalRedis("cache");

var ollama = runtime.UseContainers
    ? builder.AddOllamaContainer("ollama")
    : builder.AddOllamaFromConfiguration("ollama");

var anthropicApiKey = builder.AddOptionalSecret("anthropic-api-key", provider: "anthropic");
var openAIApiKey = builder.AddOptionalSecret("openai-api-key", provider: "openai");

builder.AddProject<Projects.Api>("api")
    .WithDefaultHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReplicasFromConfiguration()
    .WithReference(cache)
    .WaitFor(cache)
    .WithOllama(ollama)
    .WithLlmProviders(anthropicApiKey, openAIApiKey, ollama)
    .WithLlmConfigurationPassThrough();

builder.Build().Run();
