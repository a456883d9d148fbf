using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LlmAspire.Tests.Infrastructure;

/// <summary>
/// Waits, in real time but briefly, for something the pipeline does on its own (a request reaching a fake, a retry
/// being scheduled), so a test knows when to advance its <see cref="FakeTimeProvider"/>.
/// </summary>
internal static class FakeClock
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Moves time forward in steps until <paramref name="condition"/> holds.</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, TimeSpan step, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            time.Advance(step);
            var settle = DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
            while (!condition() && DateTime.UtcNow < settle)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>The delays of the retries scheduled so far, read from the retry log's structured state.</summary>
    public static IReadOnlyList<TimeSpan> RetryDelays(FakeLogCollector logs) =>
        [.. logs.GetSnapshot()
            .Where(r => r.Id.Id == 1101)
            .Select(r => TimeSpan.Parse(
                r.StructuredState!.First(kv => kv.Key == "Delay").Value!,
                System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Waits for retry number <paramref name="count"/> to be scheduled, then moves time past its delay until
    /// <paramref name="retried"/> shows the retry happened.
    /// </summary>
    /// <remarks>
    /// The retry is logged just before its delay timer is created; time moved in that gap is lost to the timer, so
    /// time moves by the delay again if the retry has not happened shortly after.
    /// </remarks>
    public static async Task<TimeSpan> AdvancePastRetryAsync(
        FakeTimeProvider time,
        FakeLogCollector logs,
        int count,
        Func<bool> retried)
    {
        await UntilAsync(() => RetryDelays(logs).Count >= count, $"retry {count} to be scheduled");
        var delay = RetryDelays(logs)[count - 1];
        await AdvanceUntilAsync(time, retried, delay, $"retry {count} to run");
        return delay;
    }
}
