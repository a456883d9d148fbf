namespace LlmAspire.Testing.Internal;

// Splits replies into stream chunks so that concatenating the chunks gives the input back exactly.
internal static class Chunking
{
    private const int ArgumentPieces = 3;

    // "Hello from  the" -> "Hello", " from", "  the": each word keeps the whitespace before it.
    public static List<string> SplitWords(string text)
    {
        var chunks = new List<string>();
        var start = 0;

        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                chunks.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            chunks.Add(text[start..]);
        }

        return chunks;
    }

    // Tool arguments arrive in a few raw pieces, none of them valid JSON on its own, as real providers send them.
    public static List<string> SplitArguments(string argumentsJson)
    {
        var chunks = new List<string>(ArgumentPieces);
        var size = Math.Max(1, (argumentsJson.Length + ArgumentPieces - 1) / ArgumentPieces);

        for (var start = 0; start < argumentsJson.Length; start += size)
        {
            chunks.Add(argumentsJson.Substring(start, Math.Min(size, argumentsJson.Length - start)));
        }

        return chunks;
    }
}
