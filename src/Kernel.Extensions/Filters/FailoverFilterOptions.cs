namespace LlmAspire.Filters;

/// <summary>Settings of <see cref="FailoverFunctionFilter"/>.</summary>
public sealed class FailoverFilterOptions
{
    /// <summary>
    /// Gets the chat completion service ids to run a function on, in order. The function first runs on the first;
    /// after a failure (and its retries) it runs again on the next.
    /// </summary>
    public IList<string> ServiceIds { get; } = [];

    /// <summary>Gets or sets how many times a transient failure is retried on the same service.</summary>
    /// <value>Default 2.</value>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Gets or sets the first backoff delay; later ones grow exponentially, with jitter.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest backoff delay.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
