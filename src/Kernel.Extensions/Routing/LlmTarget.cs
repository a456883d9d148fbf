namespace LlmAspire.Routing;

/// <summary>A model on a configured provider, named <c>provider/model</c>.</summary>
/// <param name="Provider">The provider's configured name, for example <c>openai</c>.</param>
/// <param name="Model">The model id the provider knows, for example <c>gpt-4o-mini</c>.</param>
public sealed record LlmTarget(string Provider, string Model)
{
    /// <summary>Gets the target's name, <c>provider/model</c>.</summary>
    public string Name => $"{Provider}/{Model}";

    /// <summary>Parses <c>provider/model</c>; the model part may itself contain slashes.</summary>
    /// <param name="name">The target name.</param>
    /// <param name="target">The parsed target.</param>
    /// <returns><see langword="true"/> when both parts are present.</returns>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LlmTarget? target)
    {
        target = null;
        var slash = name?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (name is null || slash <= 0 || slash == name.Length - 1)
        {
            return false;
        }

        target = new LlmTarget(name[..slash], name[(slash + 1)..]);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
