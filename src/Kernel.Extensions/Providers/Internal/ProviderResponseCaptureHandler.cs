namespace LlmAspire.Providers.Internal;

/// <summary>Records the <c>Retry-After</c> of every failed provider response into the current capture.</summary>
internal sealed class ProviderResponseCaptureHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && ProviderResponseCapture.Current is { } capture)
        {
            capture.RetryAfter = ProviderResponseCapture.ParseRetryAfter(response, timeProvider.GetUtcNow());
        }

        return response;
    }
}
