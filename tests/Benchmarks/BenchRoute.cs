using LlmAspire.Configuration;
using LlmAspire.Routing;
using LlmAspire.Routing.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAspire.Benchmarks;

/// <summary>The route <c>default</c> with every per-target stage over one instant in-process client.</summary>
internal static class BenchRoute
{
    public static RouteChatClient Create()
    {
        var resilience = new LlmResilienceOptions();
        var target = LlmClientRegistry.BuildTarget(
            new InstantChatClient(),
            new LlmTarget("bench", "bench-model"),
            resilience,
            TimeProvider.System,
            NullLoggerFactory.Instance,
            enableSensitiveData: false);
        return new RouteChatClient(
            "default",
            isRoute: true,
            [target],
            resilience,
            TimeProvider.System,
            NullLogger.Instance);
    }
}
