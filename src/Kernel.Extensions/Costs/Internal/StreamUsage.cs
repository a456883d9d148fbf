using Microsoft.Extensions.AI;

namespace LlmAspire.Costs.Internal;

/// <summary>Adds up the usage a stream reports in its <see cref="UsageContent"/> items.</summary>
internal static class StreamUsage
{
    public static void Accumulate(ref UsageDetails? total, ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                (total ??= new UsageDetails()).Add(usage.Details);
            }
        }
    }
}
