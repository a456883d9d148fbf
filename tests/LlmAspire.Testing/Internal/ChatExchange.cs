using System.Globalization;

namespace LlmAspire.Testing.Internal;

// What a protocol needs to answer one chat request: the scripted reply, the model to echo, the stream
// options and a per-provider sequence number that makes ids deterministic.
internal readonly record struct ChatExchange(
    FakeReply Reply,
    string Model,
    bool IncludeUsage,
    long Sequence,
    CancellationToken Aborted)
{
    public string Id(string prefix) => prefix + Sequence.ToString("D6", CultureInfo.InvariantCulture);

    public string ToolCallId(int index, string prefix) =>
        Reply.ToolCalls[index].Id
        ?? string.Create(CultureInfo.InvariantCulture, $"{prefix}{Sequence:D6}_{index}");
}
