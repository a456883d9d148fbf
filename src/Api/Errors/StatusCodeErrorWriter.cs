using Microsoft.AspNetCore.Diagnostics;

namespace LlmAspire.Api.Errors;

/// <summary>Gives the bodiless 404 and 405 answers of routing the OpenAI error envelope.</summary>
internal static class StatusCodeErrorWriter
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        var error = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => new GatewayError(
                StatusCodes.Status404NotFound,
                ErrorTypes.InvalidRequest,
                ErrorCodes.NotFound,
                null,
                "No such endpoint. The gateway serves POST /v1/chat/completions and GET /v1/models."),
            StatusCodes.Status405MethodNotAllowed => new GatewayError(
                StatusCodes.Status405MethodNotAllowed,
                ErrorTypes.InvalidRequest,
                ErrorCodes.MethodNotAllowed,
                null,
                "This endpoint does not accept that method; the Allow header lists the ones it does."),
            var status => new GatewayError(
                status,
                status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest,
                status >= 500 ? ErrorCodes.Internal : ErrorCodes.InvalidValue,
                null,
                $"The request failed with HTTP {status}."),
        };

        return ErrorResponseWriter.WriteAsync(response, error);
    }
}
