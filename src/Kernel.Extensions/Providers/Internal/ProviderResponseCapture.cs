using System.Globalization;

namespace LlmAspire.Providers.Internal;

/// <summary>
/// Carries what the HTTP layer saw of a failed provider response (its <c>Retry-After</c>) up to the stage that
/// classifies the SDK's exception, since not every SDK's exception exposes the response headers.
/// </summary>
/// <remarks>
/// The classifying stage installs a fresh capture in <see cref="Current"/> before each call; the handler, running
/// below the SDK in the same async flow, fills it in.
/// </remarks>
internal sealed class ProviderResponseCapture
{
    private static readonly AsyncLocal<ProviderResponseCapture?> CurrentCapture = new();

    public static ProviderResponseCapture? Current
    {
        get => CurrentCapture.Value;
        set => CurrentCapture.Value = value;
    }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Reads <c>retry-after-ms</c> (preferred, as OpenAI and Anthropic send it) or <c>Retry-After</c>.</summary>
    public static TimeSpan? ParseRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);

        if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
