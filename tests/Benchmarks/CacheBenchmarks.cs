using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire.Benchmarks;

/// <summary>
/// A response-cache hit from memory (HybridCache's first level) through the route-level cache stage, beside the bare
/// instant client: what answering a repeated request costs.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Say hello.")];
    private readonly ChatOptions _options = new() { Temperature = 0, MaxOutputTokens = 64 };
    private ServiceProvider _services = null!;
    private IChatClient _bare = null!;
    private IChatClient _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        _bare = new InstantChatClient();
        _cached = new ChatClientBuilder(BenchRoute.Create()).UseLlmResponseCache("default").Build(_services);

        // The first call fills the cache; every measured call is a hit.
        _cached.GetResponseAsync(_messages, _options).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare_GetResponse() => _bare.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> CacheHit_GetResponse() => _cached.GetResponseAsync(_messages, _options);

    [Benchmark]
    public async Task<int> CacheHit_Streaming()
    {
        var count = 0;
        await foreach (var update in _cached.GetStreamingResponseAsync(_messages, _options).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
