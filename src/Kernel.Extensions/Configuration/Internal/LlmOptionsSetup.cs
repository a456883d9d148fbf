using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LlmAspire.Configuration.Internal;

/// <summary>Binds the <c>Llm</c> section, turning a binder failure into a validation failure that says how to fix it.</summary>
internal sealed class LlmOptionsSetup(IConfiguration section) : IConfigureOptions<LlmOptions>
{
    public void Configure(LlmOptions options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(
                LlmOptions.SectionName,
                typeof(LlmOptions),
                [$"{ex.Message} Provider kinds are {string.Join(", ", Enum.GetNames<LlmProviderKind>())}; time spans use the form d.hh:mm:ss; numbers use digits and '.'."]);
        }
    }
}
