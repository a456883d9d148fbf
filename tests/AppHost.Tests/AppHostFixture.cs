using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace LlmAspire.AppHost.Tests;

/// <summary>Builds the AppHost's model with the given command-line configuration, without starting it.</summary>
internal static class AppHostFixture
{
    public const string Local = "--LlmAspire:ContainerRuntime=none";
    public const string Containers = "--LlmAspire:ContainerRuntime=docker";
    public const string OllamaEndpoint = "http://127.0.0.1:11434";

    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            args,
            TestContext.Current.CancellationToken);

    public static T Resource<T>(this IDistributedApplicationTestingBuilder builder, string name)
        where T : IResource =>
        Assert.IsType<T>(Assert.Single(builder.Resources, r => r.Name == name), exactMatch: false);

    /// <summary>The api's environment as the publish manifest shows it: parameters and endpoints as expressions.</summary>
    public static async Task<Dictionary<string, string>> ApiEnvironmentAsync(
        this IDistributedApplicationTestingBuilder builder)
    {
        var api = builder.Resource<ProjectResource>("api");
        // CS0618: obsolete in favour of ExecutionConfigurationBuilder, which needs a live execution context;
        // this one-liner reads the publish-time values the model tests need.
#pragma warning disable CS0618
        return await api.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
    }

    /// <summary>A process's arguments as the publish manifest shows them: endpoint ports as expressions.</summary>
    public static async Task<string[]> ArgumentsAsync(this ExecutableResource process) =>
        await process.GetArgumentValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618

    public static IEnumerable<string> WaitsFor(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
}
