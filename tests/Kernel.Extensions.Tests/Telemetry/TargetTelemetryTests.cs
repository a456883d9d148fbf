using System.Collections.Concurrent;
using System.Diagnostics;
using LlmAspire.Testing;
using LlmAspire.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmAspire.Tests.Telemetry;

/// <summary>The GenAI spans each target emits, and that they carry no content unless sensitive data is switched on.</summary>
public sealed class TargetTelemetryTests
{
    private const string Prompt = "my secret question about invoices";
    private const string Answer = "a confidential answer";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_EmitsChatSpanWithUsage_ContentOnlyWhenSensitiveDataOn(bool sensitive)
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(FakeReply.Text(Answer, inputTokens: 31, outputTokens: 4));
        var settings = LlmTestHost.ProviderSettings("openai", "OpenAI", fake);
        settings["EnableSensitiveData"] = sensitive.ToString();
        using var host = LlmTestHost.Create(settings);
        var model = $"model-{Guid.NewGuid():N}";
        using var spans = new SpanCollector(model);

        await host.Client($"openai/{model}").GetResponseAsync(
            Prompt,
            cancellationToken: TestContext.Current.CancellationToken);

        var span = Assert.Single(spans.Completed);
        Assert.Equal($"chat {model}", span.DisplayName);
        Assert.Equal(
            31,
            Convert.ToInt32(
                span.GetTagItem("gen_ai.usage.input_tokens"),
                System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            4,
            Convert.ToInt32(
                span.GetTagItem("gen_ai.usage.output_tokens"),
                System.Globalization.CultureInfo.InvariantCulture));
        var everything = string.Join('\n', span.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))));
        Assert.Equal(sensitive, everything.Contains(Prompt, StringComparison.Ordinal));
        Assert.Equal(sensitive, everything.Contains(Answer, StringComparison.Ordinal));
        Assert.DoesNotContain("sk-test-secret-key-123", everything, StringComparison.Ordinal);
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain(Prompt, r.Message, StringComparison.Ordinal));
    }

    /// <summary>Collects the GenAI spans of one model, so tests running in parallel do not see each other's.</summary>
    private sealed class SpanCollector : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _completed = new();

        public SpanCollector(string model)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Experimental.Microsoft.Extensions.AI",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.DisplayName.EndsWith(model, StringComparison.Ordinal))
                    {
                        _completed.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Completed => [.. _completed];

        public void Dispose() => _listener.Dispose();
    }
}
