using System.Net;
using LlmAspire.Providers;
using LlmAspire.Routing;

namespace LlmAspire.Resilience.Internal;

/// <summary>
/// A deadline on the injected <see cref="TimeProvider"/>, linked to the caller's token, that can be restarted (for a
/// stream's idle gap) and tells a timeout apart from the caller giving up.
/// </summary>
internal sealed class AttemptTimeout : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public AttemptTimeout(TimeProvider timeProvider, CancellationToken callerToken, TimeSpan timeout)
    {
        _deadline = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadline.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _deadline.IsCancellationRequested;

    public void Restart(TimeSpan timeout) => _deadline.CancelAfter(timeout);

    /// <summary>Replaces whatever the cancelled call threw with a timeout error naming the setting that ran out.</summary>
    public Exception Translate(Exception exception, string setting, TimeSpan limit) =>
        Expired
            ? new LlmProviderException(new LlmError(
                "timeout",
                HttpStatusCode.RequestTimeout,
                IsTransient: true,
                $"No answer within {setting} ({limit}). Raise Llm:Resilience:{setting} if the model needs longer."))
            : exception;

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
