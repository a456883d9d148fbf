using System.Security.Cryptography;
using System.Text;
using LlmAspire.Configuration;
using Microsoft.Extensions.Options;

namespace LlmAspire.Api.Tenants;

/// <summary>
/// Finds the tenant whose key a request's <c>Authorization: Bearer</c> header carries. Keys are compared as SHA-256
/// digests with <see cref="CryptographicOperations.FixedTimeEquals"/> against every tenant, so neither the time taken
/// nor an early exit tells a caller how much of a key matched. When no tenant is configured, every request passes
/// without a tenant.
/// </summary>
internal sealed class TenantAuthenticator
{
    public const string ItemKey = "llmaspire.tenant";
    private const string Scheme = "Bearer ";

    private readonly (string Name, byte[] Digest)[] _tenants;

    public TenantAuthenticator(IOptions<LlmOptions> options)
    {
        _tenants = [.. options.Value.Tenants
            .Where(t => !string.IsNullOrEmpty(t.Value.ApiKey))
            .Select(t => (t.Key, SHA256.HashData(Encoding.UTF8.GetBytes(t.Value.ApiKey!))))];
    }

    public bool Enabled => _tenants.Length > 0;

    /// <returns><see langword="false"/> when tenants are configured and the request names none of their keys.</returns>
    public bool TryAuthenticate(HttpRequest request, out string? tenant)
    {
        tenant = null;
        if (!Enabled)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), digest);
        foreach (var (name, expected) in _tenants)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                tenant = name;
            }
        }

        return tenant is not null;
    }

    /// <summary>The tenant the request was authenticated as, if any.</summary>
    public static string? TenantOf(HttpContext context) => context.Items[ItemKey] as string;
}
