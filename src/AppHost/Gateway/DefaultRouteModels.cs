namespace LlmAspire.AppHost.Gateway;

/// <summary>The models the generated <c>default</c> route tries, in order, for each provider that is available.</summary>
internal static class DefaultRouteModels
{
    public const string Anthropic = "claude-sonnet-4-5";

    public const string OpenAI = "gpt-4o-mini";
}
