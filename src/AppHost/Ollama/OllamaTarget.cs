using Aspire.Hosting.ApplicationModel;

namespace LlmAspire.AppHost.Ollama;

/// <summary>The <c>ollama</c> resource the gateway reaches, in either mode.</summary>
/// <param name="Resource">The container or the external service.</param>
/// <param name="Endpoint">
/// The base address without <c>/v1</c>: an <see cref="EndpointReference"/> (container) or a string (external).
/// </param>
/// <param name="Model">The model the default route uses.</param>
internal sealed record OllamaTarget(IResourceBuilder<IResource> Resource, object Endpoint, string Model);
