using Microsoft.Extensions.AI;

namespace LlmAspire.Routing.Internal;

internal static class ChatUpdates
{
    /// <summary>
    /// Whether the caller would see the update as part of the answer. A role-only opening chunk, Anthropic's opening
    /// usage and an empty opening text block are not: until a visible update arrives a stream can still be retried or
    /// failed over without the caller noticing.
    /// </summary>
    public static bool IsVisible(ChatResponseUpdate update)
    {
        if (update.FinishReason is not null)
        {
            return true;
        }

        foreach (var content in update.Contents)
        {
            if (content is not UsageContent && content is not TextContent { Text.Length: 0 })
            {
                return true;
            }
        }

        return false;
    }
}
