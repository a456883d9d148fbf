using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire;

/// <summary>Returned by <c>AddLlmAspire</c> so further LlmAspire registrations can chain on it.</summary>
/// <param name="services">The service collection LlmAspire was added to.</param>
public sealed class LlmAspireBuilder(IServiceCollection services)
{
    /// <summary>Gets the service collection LlmAspire was added to.</summary>
    public IServiceCollection Services { get; } = services;
}
