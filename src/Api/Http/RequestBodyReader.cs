using System.Buffers;
using System.IO.Pipelines;
using LlmAspire.Api.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace LlmAspire.Api.Http;

/// <summary>
/// Buffers a request body in the request's own pipe, enforcing a size limit both from <c>Content-Length</c> and while
/// reading, so a chunked body cannot get past it.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// Reads the whole body. The caller must hand the returned buffer back with
    /// <see cref="PipeReader.AdvanceTo(SequencePosition)"/> once it is parsed.
    /// </summary>
    /// <exception cref="GatewayException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static async ValueTask<ReadOnlySequence<byte>> ReadAsync(
        HttpRequest request,
        long maxBytes,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // The server's own limit would cut the read with an exception and a bodiless answer; this reader enforces
        // the gateway's limit itself, so the server's is lifted for this request.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex)
            {
                throw new GatewayException(new GatewayError(
                    ex.StatusCode,
                    ErrorTypes.InvalidRequest,
                    ErrorCodes.InvalidBody,
                    null,
                    $"The request body could not be read (HTTP {ex.StatusCode}). Resend the request."));
            }

            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge(maxBytes);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return buffer;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static GatewayException TooLarge(long maxBytes) => new(new GatewayError(
        StatusCodes.Status413PayloadTooLarge,
        ErrorTypes.InvalidRequest,
        ErrorCodes.RequestTooLarge,
        null,
        $"The request body is larger than the gateway's limit of {maxBytes} bytes. Send a smaller request, or raise " +
        "Llm:Gateway:MaxRequestBodyBytes."));
}
