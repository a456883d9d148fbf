using System.Collections.Concurrent;
using System.Net;
using LlmAspire.Api.Tests.Fakes;
using LlmAspire.Testing;

namespace LlmAspire.Api.Tests.EndToEnd;

/// <summary>
/// Several hundred requests over HTTP through a route of three targets whose first two fail at random (seeded) with
/// mixed faults before their first chunk: every request must get a complete, correct answer.
/// </summary>
public sealed class GatewayChaosTests
{
    private const int Requests = 300;
    private const int Concurrency = 8;

    [Fact]
    public async Task ChatCompletions_MixedFaultsOnTwoOfThreeTargets_EveryRequestAnsweredCompletely()
    {
        var random = new Random(20261203);
        await using var a = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        await using var b = await FakeProvider.StartAsync(
            FakeProviderKind.Anthropic,
            TestContext.Current.CancellationToken);
        await using var c = await FakeProvider.StartAsync(
            FakeProviderKind.Ollama,
            TestContext.Current.CancellationToken);
        a.DefaultReply = FakeReply.Text("alpha answers in full");
        b.DefaultReply = FakeReply.Text("bravo answers in full");
        c.DefaultReply = FakeReply.Text("charlie answers in full");
        a.Enqueue([.. Enumerable.Range(0, Requests * 2).Select(_ => Fault(random, "alpha answers in full"))]);
        b.Enqueue([.. Enumerable.Range(0, Requests * 2).Select(_ => Fault(random, "bravo answers in full"))]);
        await using var gateway = new ProviderGatewayFactory(new Dictionary<string, string?>
        {
            ["Providers:a:Kind"] = "OpenAI",
            ["Providers:a:Endpoint"] = a.Endpoint.ToString(),
            ["Providers:a:ApiKey"] = "sk-a",
            ["Providers:b:Kind"] = "Anthropic",
            ["Providers:b:Endpoint"] = b.Endpoint.ToString(),
            ["Providers:b:ApiKey"] = "sk-b",
            ["Providers:c:Kind"] = "Ollama",
            ["Providers:c:Endpoint"] = c.Endpoint.ToString(),
            ["Cache:Enabled"] = "false",
            ["Resilience:MaxRetryAttempts"] = "1",
            ["Resilience:BaseDelay"] = "00:00:00.001",
            ["Resilience:MaxDelay"] = "00:00:00.005",
            ["Routes:default:Targets:0"] = "a/m",
            ["Routes:default:Targets:1"] = "b/m",
            ["Routes:default:Targets:2"] = "c/m",
        });
        var http = gateway.CreateClient();
        var failures = new ConcurrentBag<string>();
        var servedBy = new ConcurrentDictionary<string, int>();

        var parallelOptions = new ParallelOptions
        {
            MaxDegreeOfParallelism = Concurrency,
            CancellationToken = TestContext.Current.CancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), parallelOptions, async (i, ct) =>
        {
            var stream = i % 2 == 0;
            using var response = await GatewayHttp.PostAsync(
                http,
                $$"""{"model":"default","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"request {{i}}"}]}""");
            var body = await response.Content.ReadAsStringAsync(ct);
            var provider = response.Headers.TryGetValues("x-llm-provider", out var values) ? values.Single() : "?";
            servedBy.AddOrUpdate(provider, 1, (_, n) => n + 1);
            var expected = provider switch
            {
                "a" => "alpha answers in full",
                "b" => "bravo answers in full",
                "c" => "charlie answers in full",
                _ => null
            };

            if (response.StatusCode != HttpStatusCode.OK || expected is null)
            {
                failures.Add($"#{i}: {(int)response.StatusCode} from {provider}: {body}");
            }
            else if (stream)
            {
                var data = GatewayHttp.ReadSseData(body);
                var text = string.Concat(data.Where(d => d != "[DONE]").Select(ContentOf));
                if (data[^1] != "[DONE]" || text != expected)
                {
                    failures.Add($"#{i}: stream from {provider} was '{text}', ended with {data[^1]}");
                }
            }
            else if (!body.Contains($"\"content\":\"{expected}\"", StringComparison.Ordinal))
            {
                failures.Add($"#{i}: answer from {provider} was {body}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(10)));
        Assert.Equal(Requests, servedBy.Values.Sum());
        Assert.True(servedBy.ContainsKey("c"), "the faults should push some requests to the last target");
    }

    private static FakeReply Fault(Random random, string healthy) => random.Next(8) switch
    {
        0 => FakeReply.Error(503, "overloaded"),
        1 => FakeReply.Error(429, "slow down", retryAfterMs: TimeSpan.FromMilliseconds(2)),
        2 => FakeReply.Error(500, "internal"),
        3 => FakeReply.Error(529, "overloaded"),
        4 => FakeReply.Malformed(),
        5 => FakeReply.Text(healthy).CutStreamAfter(0),
        6 => FakeReply.Error(502, "bad gateway"),
        _ => FakeReply.Text(healthy),
    };

    private static string ContentOf(string chunk)
    {
        using var document = System.Text.Json.JsonDocument.Parse(chunk);
        var choices = document.RootElement.GetProperty("choices");
        if (choices.GetArrayLength() == 0
            || !choices[0].GetProperty("delta").TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        return content.GetString() ?? string.Empty;
    }
}
