using Microsoft.Extensions.Options;

namespace LlmAspire.Api.Configuration;

/// <summary>Checks <see cref="LlmGatewayOptions"/> at startup.</summary>
internal sealed class LlmGatewayOptionsValidator : IValidateOptions<LlmGatewayOptions>
{
    /// <summary>The largest body limit accepted: a chat request is held in memory while it is read.</summary>
    public const long MaxBodyLimit = 256L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, LlmGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (options.MaxRequestBodyBytes is < 1 or > MaxBodyLimit)
        {
            return ValidateOptionsResult.Fail(
                $"Llm:Gateway:MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; " +
                $"it must be between 1 and {MaxBodyLimit} " +
                "bytes. Remove the key to use the default of 4194304 (4 MiB).");
        }

        return ValidateOptionsResult.Success;
    }
}
