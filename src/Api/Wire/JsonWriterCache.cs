using System.Buffers;
using System.Text.Json;

namespace LlmAspire.Api.Wire;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread, reset onto each output. Only for synchronous writes: rent, write,
/// flush and return with no <c>await</c> in between.
/// </summary>
internal static class JsonWriterCache
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, WireJson.WriterOptions);
        }

        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Flushes <paramref name="writer"/> into its output and keeps it for the next write on this thread.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(Stream.Null);
        t_writer = writer;
    }
}
