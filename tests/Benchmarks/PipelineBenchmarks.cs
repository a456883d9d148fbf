using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace LlmAspire.Benchmarks;

/// <summary>
/// One chat call through LlmAspire's route and target stages against the same call on the bare client, both over an
/// instant in-process client, so the difference is what the pipeline adds.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Say hello.")];
    private readonly ChatOptions _options = new() { Temperature = 0.2f, MaxOutputTokens = 64 };
    private IChatClient _bare = null!;
    private IChatClient _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new InstantChatClient();
        _pipeline = BenchRoute.Create();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare_GetResponse() => _bare.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> Pipeline_GetResponse() => _pipeline.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<int> Bare_Streaming() => Drain(_bare);

    [Benchmark]
    public Task<int> Pipeline_Streaming() => Drain(_pipeline);

    private async Task<int> Drain(IChatClient client)
    {
        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(_messages, _options).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
