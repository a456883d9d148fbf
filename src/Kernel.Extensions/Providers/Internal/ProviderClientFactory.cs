using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using LlmAspire.Configuration;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace LlmAspire.Providers.Internal;

/// <summary>
/// Creates the official SDK's <see cref="IChatClient"/> for one model of one provider, with the SDK's own retries off
/// so the pipeline's retry is the only one.
/// </summary>
internal static class ProviderClientFactory
{
    internal static readonly Uri OpenAIDefaultEndpoint = new("https://api.openai.com/v1");
    internal static readonly Uri AnthropicDefaultEndpoint = new("https://api.anthropic.com");
    internal static readonly Uri OllamaDefaultEndpoint = new("http://localhost:11434");

    internal const int AnthropicDefaultMaxOutputTokens = 4096;

    // OpenAI-compatible servers started without a key ignore the Authorization header, but the SDK refuses an empty
    // credential, so a fixed placeholder is sent instead.
    private const string NoApiKeyPlaceholder = "no-key";

    /// <summary>Creates a provider's SDK client once; the returned function makes a chat client per model.</summary>
    public static Func<string, IChatClient> Create(LlmProviderOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);

        return options.Kind switch
        {
            LlmProviderKind.OpenAI => CreateOpenAI(options, OpenAIDefaultEndpoint, httpClient),
            LlmProviderKind.OpenAICompatible => CreateOpenAI(options, options.Endpoint!, httpClient),
            LlmProviderKind.Anthropic => CreateAnthropic(options, httpClient),
            LlmProviderKind.Ollama => CreateOllama(options, httpClient),
            _ => throw new InvalidOperationException(
                $"Provider kind '{options.Kind}' is not supported. Use one of " +
                $"{string.Join(", ", Enum.GetNames<LlmProviderKind>())}."),
        };
    }

    private static Func<string, IChatClient> CreateOpenAI(
        LlmProviderOptions options,
        Uri defaultEndpoint,
        HttpClient httpClient)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint ?? defaultEndpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(httpClient),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        var key = string.IsNullOrEmpty(options.ApiKey) ? NoApiKeyPlaceholder : options.ApiKey;
        var client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        return model => client.GetChatClient(model).AsIChatClient();
    }

    private static Func<string, IChatClient> CreateAnthropic(LlmProviderOptions options, HttpClient httpClient)
    {
        // Every credential and the base address are set explicitly: left unset, the SDK would read
        // ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and ANTHROPIC_BASE_URL from the environment behind our back.
        var client = new AnthropicClient(new Anthropic.Core.ClientOptions
        {
            ApiKey = options.ApiKey,
            AuthToken = null,
            BaseUrl = (options.Endpoint ?? AnthropicDefaultEndpoint).ToString().TrimEnd('/'),
            MaxRetries = 0,
            HttpClient = httpClient,
            Timeout = Timeout.InfiniteTimeSpan,
        });
        var maxTokens = options.DefaultMaxOutputTokens ?? AnthropicDefaultMaxOutputTokens;
        return model => client.AsIChatClient(model, maxTokens);
    }

    private static Func<string, IChatClient> CreateOllama(LlmProviderOptions options, HttpClient httpClient)
    {
        httpClient.BaseAddress = options.Endpoint ?? OllamaDefaultEndpoint;
        return model => new OllamaApiClient(httpClient, model);
    }
}
