using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>The id, creation time and model shared by a completion and all of its chunks, encoded once.</summary>
internal readonly struct CompletionIdentity
{
    public CompletionIdentity(long created, string model)
    {
        Span<char> id = stackalloc char[9 + 32];
        "chatcmpl-".CopyTo(id);
        Guid.NewGuid().TryFormat(id[9..], out _, "N");

        Id = JsonEncodedText.Encode(id);
        Created = created;
        Model = JsonEncodedText.Encode(model, WireJson.WriterOptions.Encoder);
    }

    public JsonEncodedText Id { get; }

    public long Created { get; }

    public JsonEncodedText Model { get; }
}
