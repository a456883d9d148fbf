using System.Runtime.CompilerServices;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>
/// A hand-written <see cref="IChatClient"/> whose behaviour each test scripts through delegates. It records the last
/// call and fills the <see cref="LlmCallContext"/> it finds in the options the way the real route pipeline does.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    public const string Provider = "fake";
    public const string AnsweringModel = "model-a";

    public Func<IList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>
        GetResponseAsyncCallback { get; set; }
        = (_, _, _) => Task.FromResult(DefaultResponse());

    public Func<IList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>
        GetStreamingResponseAsyncCallback { get; set; }
        = (_, _, ct) => StreamOf(DefaultResponse(), ct);

    /// <summary>Attempts reported to the call context before the answering one; empty by default.</summary>
    public List<LlmAttempt> FailedAttempts { get; } = [];

    public IList<ChatMessage>? LastMessages { get; private set; }

    public ChatOptions? LastOptions { get; private set; }

    /// <summary>Restores the default script; the fixture is shared by the tests of a class, which run one at a time.</summary>
    public void Reset()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(DefaultResponse());
        GetStreamingResponseAsyncCallback = (_, _, ct) => StreamOf(DefaultResponse(), ct);
        FailedAttempts.Clear();
        LastMessages = null;
        LastOptions = null;
    }

    public static ChatResponse DefaultResponse() => new(
        new ChatMessage(ChatRole.Assistant, "Hello from the fake model."))
    {
        ModelId = AnsweringModel,
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails
        {
            InputTokenCount = 12,
            OutputTokenCount = 6,
            TotalTokenCount = 18,
            CachedInputTokenCount = 4
        },
    };

    /// <summary>Streams a response word by word, then its finish reason and usage, as providers do.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> StreamOf(
        ChatResponse response,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextContent text)
                {
                    foreach (var piece in SplitWords(text.Text))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Yield();
                        yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = response.ModelId };
                    }
                }
                else
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [content]) { ModelId = response.ModelId };
                }
            }
        }

        yield return new ChatResponseUpdate
        {
            FinishReason = response.FinishReason,
            ModelId = response.ModelId,
            Contents = response.Usage is { } usage ? [new UsageContent(usage)] : [],
        };
    }

    public void Report(ChatOptions? options)
    {
        if (!LlmCallContext.TryGet(options, out var context))
        {
            return;
        }

        context.Provider = Provider;
        context.Model = AnsweringModel;
        foreach (var attempt in FailedAttempts)
        {
            context.AddAttempt(attempt);
        }

        context.AddAttempt(new LlmAttempt($"{Provider}/{AnsweringModel}", null));
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = Record(messages, options);
        var response = await GetResponseAsyncCallback(list, options, cancellationToken);
        Report(options);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = Record(messages, options);
        var reported = false;
        await foreach (var update in GetStreamingResponseAsyncCallback(list, options, cancellationToken))
        {
            if (!reported)
            {
                Report(options);
                reported = true;
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private List<ChatMessage> Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        LastMessages = list;
        LastOptions = options;
        return list;
    }

    private static IEnumerable<string> SplitWords(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
