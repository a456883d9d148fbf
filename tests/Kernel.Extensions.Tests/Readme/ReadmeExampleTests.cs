using LlmAspire.Testing;
using Microsoft.Extensions.Configuration;

namespace LlmAspire.Tests.Readme;

/// <summary>Keeps the README's embedding example true: the same code compiles, runs and calls the plugin.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task RunAsync_AgainstFakeOpenAI_CallsPluginAndAnswers()
    {
        await using var fake = await FakeProvider.StartAsync(
            FakeProviderKind.OpenAI,
            TestContext.Current.CancellationToken);
        fake.Enqueue(
            FakeReply.ToolCall("Orders_GetStatus", """{"orderId":42}"""),
            FakeReply.Text("Order 42 has shipped."));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:openai:Kind"] = "OpenAI",
            ["Llm:Providers:openai:ApiKey"] = "sk-test",
            ["Llm:Providers:openai:Endpoint"] = fake.Endpoint.ToString(),
            ["Llm:Routes:default:Targets:0"] = "openai/gpt-4o-mini",
        }).Build();

        var answer = await ReadmeExample.RunAsync(configuration, TestContext.Current.CancellationToken);

        Assert.Equal("Order 42 has shipped.", answer);
        Assert.Contains("left the warehouse today", fake.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("readme-sk-example")]
    [InlineData("readme-sk-plugin")]
    public void Readme_ShowsTheExampleCodeVerbatim(string region)
    {
        var root = FindRepositoryRoot();
        var source = File.ReadAllLines(
            Path.Combine(root, "tests", "Kernel.Extensions.Tests", "Readme", "ReadmeExample.cs"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        var start = Array.FindIndex(source, l => l.Trim() == $"#region {region}");
        var end = Array.FindIndex(source, start + 1, l => l.Trim() == "#endregion");
        var lines = source[(start + 1)..end].Select(l => l.Trim()).Where(l => l.Length > 0);

        var position = 0;
        foreach (var line in lines)
        {
            var found = readme.IndexOf(line, position, StringComparison.Ordinal);
            Assert.True(
                found >= 0,
                $"README.md lacks the example line '{line}' (or has it out of order); " +
                $"copy the region '{region}' from ReadmeExample.cs.");
            position = found + line.Length;
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LlmAspire.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException(
            "LlmAspire.sln not found above the test output folder.");
    }
}
