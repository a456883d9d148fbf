using LlmAspire.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAspire.Tests.Infrastructure;

/// <summary>Hosts with route <c>default</c> over one fake OpenAI target, the response cache on.</summary>
internal static class CachingTestHost
{
    public const string Route = "default";

    public static LlmTestHost Create(
        FakeProvider fake,
        TimeProvider? time = null,
        string? redisConnectionString = null,
        IDictionary<string, string?>? settings = null)
    {
        var llm = LlmTestHost.ProviderSettings("openai", "OpenAI", fake);
        llm["Routes:default:Targets:0"] = "openai/gpt-4o-mini";
        llm["Cache:Enabled"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            llm[key] = value;
        }

        return LlmTestHost.Create(llm, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            if (redisConnectionString is not null)
            {
                // The connection string is read from the root configuration, as Aspire's ConnectionStrings__cache is.
                var root = new ConfigurationBuilder()
                    .AddInMemoryCollection(
                        [KeyValuePair.Create<string, string?>("ConnectionStrings:cache", redisConnectionString)])
                    .Build();
                services.AddSingleton<IConfiguration>(root);
            }
        });
    }
}
