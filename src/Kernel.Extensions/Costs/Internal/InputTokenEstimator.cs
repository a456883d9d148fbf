using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmAspire.Costs.Internal;

/// <summary>
/// Estimates a request's input tokens before it is sent: with the model's tiktoken encoding for OpenAI-family
/// models (<c>gpt-*</c>, <c>o1</c>/<c>o3</c>/<c>o4</c>, <c>chatgpt-*</c>), otherwise one token per four characters.
/// Each message adds four tokens of framing; tool definitions count by the length of their name, description and
/// schema.
/// </summary>
/// <remarks>
/// The four-characters rule is the usual average for English prose; code, non-Latin scripts and images can use more,
/// so a budget enforced with it may be passed by the difference (see the README).
/// </remarks>
internal static class InputTokenEstimator
{
    private const int PerMessageOverhead = 4;
    private static readonly ConcurrentDictionary<string, Tokenizer?> Tokenizers = new(StringComparer.OrdinalIgnoreCase);

    public static long Estimate(string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var tokenizer = IsOpenAIFamily(model) ? Tokenizers.GetOrAdd(PriceTable.Family(model), Create) : null;
        long total = 3;

        foreach (var message in messages)
        {
            total += PerMessageOverhead + Count(tokenizer, message.Text);
        }

        if (options?.Instructions is { } instructions)
        {
            total += PerMessageOverhead + Count(tokenizer, instructions);
        }

        foreach (var tool in options?.Tools ?? [])
        {
            var schema = tool is AIFunctionDeclaration function ? function.JsonSchema.GetRawText() : string.Empty;
            total += Count(tokenizer, tool.Name) + Count(tokenizer, tool.Description) + Count(tokenizer, schema);
        }

        return total;
    }

    private static long Count(Tokenizer? tokenizer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return tokenizer?.CountTokens(text) ?? ((text.Length + 3) / 4);
    }

    private static bool IsOpenAIFamily(string model) =>
        model.StartsWith("gpt-", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("chatgpt", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("o1", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("o3", StringComparison.OrdinalIgnoreCase)
        || model.StartsWith("o4", StringComparison.OrdinalIgnoreCase);

    private static Tokenizer? Create(string model)
    {
        try
        {
            return TiktokenTokenizer.CreateForModel(model);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Newer model names than the tokenizer package knows: gpt-4o's encoding is the closest current one.
            return TiktokenTokenizer.CreateForModel("gpt-4o");
        }
    }
}
