namespace LlmAspire.Costs.Internal;

/// <summary>
/// Money as whole picodollars (10^-12 USD) for Redis, whose counters are 64-bit integers: every price with up to six
/// decimals per million tokens costs a whole number of picodollars per token, so sums stay exact. A single counter
/// holds up to about 9.2 million USD.
/// </summary>
internal static class Picodollars
{
    private const decimal PerUsd = 1_000_000_000_000m;

    public static long From(decimal usd) => (long)decimal.Round(usd * PerUsd, 0, MidpointRounding.AwayFromZero);

    /// <summary>Rounds up, so a reservation is never smaller than the amount it stands for.</summary>
    public static long Ceiling(decimal usd) => (long)decimal.Ceiling(usd * PerUsd);

    public static decimal ToUsd(long picodollars) => picodollars / PerUsd;
}
