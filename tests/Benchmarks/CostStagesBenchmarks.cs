using BenchmarkDotNet.Attributes;
using LlmAspire.Configuration;
using LlmAspire.Costs.Internal;
using LlmAspire.Routing;
using LlmAspire.Routing.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAspire.Benchmarks;

/// <summary>
/// What the usage scope and budget guard add to a route call: the route alone against the route behind both stages,
/// with an in-memory ledger and a global daily budget large enough never to refuse.
/// </summary>
[MemoryDiagnoser]
public class CostStagesBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Say hello.")];
    private readonly ChatOptions _options = new() { Temperature = 0.2f, MaxOutputTokens = 64 };
    private IChatClient _route = null!;
    private IChatClient _metered = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new LlmOptions { Budget = { DailyUsd = 1_000_000m } };
        options.Providers["bench"] = new LlmProviderOptions { Kind = LlmProviderKind.OpenAI };
        options.Pricing["bench-model"] = new LlmAspire.Costs.LlmModelPrice
        {
            InputPerMillion = 1m,
            OutputPerMillion = 2m
        };
        var resilience = new LlmResilienceOptions();
        var target = LlmClientRegistry.BuildTarget(
            new InstantChatClient(),
            new LlmTarget("bench", "bench-model"),
            resilience,
            TimeProvider.System,
            NullLoggerFactory.Instance,
            enableSensitiveData: false);
        var route = new RouteChatClient(
            "default",
            isRoute: true,
            [target],
            resilience,
            TimeProvider.System,
            NullLogger.Instance);
        _route = route;

        var meter = new CostMeter(options, new MemoryUsageLedger(), NullLogger.Instance);
        var guard = new BudgetGuard(options, new MemoryBudgetStore(), TimeProvider.System, NullLogger.Instance);
        var budgeted = new BudgetChatClient(
            route,
            "default",
            route.Targets,
            guard,
            meter,
            _ => null,
            NullLogger.Instance);
        _metered = new UsageChatClient(budgeted, "default", isRoute: true, meter, TimeProvider.System);
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Route_GetResponse() => _route.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> RouteWithCostStages_GetResponse() => _metered.GetResponseAsync(_messages, _options);
}
