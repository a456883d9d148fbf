using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Wire;

namespace LlmAspire.Api.Http;

/// <summary>Frames server-sent events on the response pipe: <c>data: {json}\n\n</c> and <c>data: [DONE]\n\n</c>.</summary>
internal static class SseWriter
{
    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static void BeginEvent(PipeWriter output) => output.Write(DataPrefix);

    public static void EndEvent(PipeWriter output) => output.Write(EventEnd);

    public static void WriteDone(PipeWriter output) => output.Write(Done);

    public static void WriteError(PipeWriter output, GatewayError error)
    {
        BeginEvent(output);
        var writer = JsonWriterCache.Rent(output);
        ErrorResponseWriter.Write(writer, error);
        JsonWriterCache.Return(writer);
        EndEvent(output);
    }
}
