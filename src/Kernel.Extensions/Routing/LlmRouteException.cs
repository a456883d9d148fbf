namespace LlmAspire.Routing;

/// <summary>Thrown when no target of a route could answer a chat call.</summary>
/// <remarks>
/// <see cref="Attempts"/> lists every target tried with its classified error. When the last failure was the
/// caller's fault (a 400 or 422 from the provider, which no other target would accept either), <see cref="IsCallerError"/>
/// is <see langword="true"/> and the message is the provider's.
/// </remarks>
public sealed class LlmRouteException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LlmRouteException"/> class.</summary>
    /// <param name="route">The route or target name the call was sent to.</param>
    /// <param name="attempts">Every attempt made, in order.</param>
    /// <param name="innerException">The last failure.</param>
    public LlmRouteException(string route, IReadOnlyList<LlmAttempt> attempts, Exception? innerException)
        : base(BuildMessage(route, attempts), innerException)
    {
        Route = route;
        Attempts = attempts;
    }

    /// <summary>Gets the route or target name the call was sent to.</summary>
    public string Route { get; }

    /// <summary>
    /// Gets a value indicating whether the call ran out of its total time (<c>Llm:Resilience:TotalTimeout</c>) rather
    /// than out of targets.
    /// </summary>
    public bool TimedOut { get; init; }

    /// <summary>Gets every attempt made, in order.</summary>
    public IReadOnlyList<LlmAttempt> Attempts { get; }

    /// <summary>Gets the last attempt's error, if any attempt was made.</summary>
    public LlmError? LastError => Attempts.Count > 0 ? Attempts[^1].Error : null;

    /// <summary>Gets a value indicating whether the request itself was rejected by the provider (HTTP 400 or 422).</summary>
    public bool IsCallerError => LastError?.IsCallerError == true;

    private static string BuildMessage(string route, IReadOnlyList<LlmAttempt> attempts)
    {
        if (attempts.Count == 0)
        {
            return $"Route '{route}' has no target that could be tried.";
        }

        var tried = string.Join("; ", attempts.Select(a => $"{a.Target}: {a.Error?.Type ?? "ok"}"));
        return $"Every target of '{route}' failed ({tried}). The last error: {attempts[^1].Error?.Message}";
    }
}
