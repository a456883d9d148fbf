namespace Microsoft.Extensions.Hosting;

/// <summary>Service defaults shared by every LlmAspire service.</summary>
public static class Extensions;
