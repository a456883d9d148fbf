using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Tests.Costs;

/// <summary>Calls with a fresh call context and returns both.</summary>
internal static class CostTestKit
{
    public static async Task<(ChatResponse Response, LlmCallContext Context)> CallAsync(
        IChatClient client,
        string prompt = "hello",
        string? tenant = null,
        int? maxOutputTokens = null)
    {
        var context = new LlmCallContext { Tenant = tenant };
        var options = new ChatOptions { MaxOutputTokens = maxOutputTokens };
        context.AttachTo(options);
        var response = await client.GetResponseAsync(prompt, options, TestContext.Current.CancellationToken);
        return (response, context);
    }

    public static async Task<LlmCallContext> StreamAsync(
        IChatClient client,
        string prompt = "hello",
        string? tenant = null)
    {
        var context = new LlmCallContext { Tenant = tenant };
        var options = new ChatOptions();
        context.AttachTo(options);
        await foreach (var update in client.GetStreamingResponseAsync(
            prompt,
            options,
            TestContext.Current.CancellationToken))
        {
            _ = update;
        }

        return context;
    }
}
