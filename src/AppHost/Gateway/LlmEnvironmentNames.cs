namespace LlmAspire.AppHost.Gateway;

/// <summary>The gateway's configuration keys (section <c>Llm</c>) as environment variable names.</summary>
internal static class LlmEnvironmentNames
{
    public const string DefaultRoute = "default";

    public static string ProviderKind(string provider) => $"Llm__Providers__{provider}__Kind";

    public static string ProviderEndpoint(string provider) => $"Llm__Providers__{provider}__Endpoint";

    public static string ProviderApiKey(string provider) => $"Llm__Providers__{provider}__ApiKey";

    public static string RouteTarget(string route, int index) => $"Llm__Routes__{route}__Targets__{index}";

    /// <summary><c>Llm:Providers:vllm:Kind</c> becomes <c>Llm__Providers__vllm__Kind</c>.</summary>
    public static string FromConfigurationKey(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
