using System.Buffers;
using System.Text.Json;
using LlmAspire.Api.Configuration;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Http;
using LlmAspire.Api.Logging;
using LlmAspire.Api.Mapping;
using LlmAspire.Api.Wire;
using LlmAspire.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmAspire.Api.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads and validates the OpenAI request, calls the route or target it names
/// through the <see cref="LlmCatalog"/>, and answers in the OpenAI format, as JSON or as server-sent events.
/// </summary>
internal sealed partial class ChatCompletionsEndpoint
{
    private const int MaxModelNameInError = 100;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly LlmCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ChatCompletionsEndpoint> _logger;
    private readonly long _maxRequestBodyBytes;

    public ChatCompletionsEndpoint(
        LlmCatalog catalog,
        IOptions<LlmGatewayOptions> options,
        TimeProvider timeProvider,
        ILogger<ChatCompletionsEndpoint> logger)
    {
        _catalog = catalog;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxRequestBodyBytes = options.Value.MaxRequestBodyBytes;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;

        ChatRequest request;
        IChatClient client;
        try
        {
            request = await ReadRequestAsync(context.Request, cancellationToken);
            client = ResolveClient(request.Model);
        }
        catch (GatewayException ex)
        {
            _logger.LogRequestRejected(ex.Error.StatusCode, ex.Error.Code, ex.Error.Param);
            await ErrorResponseWriter.WriteAsync(context.Response, ex.Error);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var callContext = new LlmCallContext { Tenant = Tenants.TenantAuthenticator.TenantOf(context) };
        callContext.AttachTo(request.Options);
        CacheControlDirectives.Apply(context.Request.Headers.CacheControl, request.Options);

        if (request.Stream)
        {
            await StreamAsync(context, client, request, callContext);
        }
        else
        {
            await CompleteAsync(context, client, request, callContext);
        }
    }

    private async Task<ChatRequest> ReadRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not null && !request.HasJsonContentType())
        {
            throw new GatewayException(new GatewayError(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorTypes.InvalidRequest,
                ErrorCodes.UnsupportedMediaType,
                null,
                "The request's Content-Type is not JSON. Send the body as application/json."));
        }

        var buffer = await RequestBodyReader.ReadAsync(request, _maxRequestBodyBytes, cancellationToken);
        ChatCompletionRequest? dto;
        try
        {
            dto = Deserialize(buffer);
        }
        catch (JsonException ex)
        {
            throw new GatewayException(JsonErrors.FromException(ex));
        }
        finally
        {
            request.BodyReader.AdvanceTo(buffer.End);
        }

        if (dto is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidType,
                null,
                "The request body must be a JSON object, not null.");
        }

        return ChatRequestMapper.Map(dto);
    }

    private static ChatCompletionRequest? Deserialize(ReadOnlySequence<byte> buffer)
    {
        // One contiguous span gives a single parsing pass with full JSON paths in errors and the trailing-data check;
        // the reader-over-sequence overload pre-scans the whole value first and loses the path of a syntax error.
        if (buffer.FirstSpan.StartsWith(Utf8Bom))
        {
            buffer = buffer.Slice(Utf8Bom.Length);
        }

        if (buffer.IsSingleSegment)
        {
            return JsonSerializer.Deserialize(buffer.FirstSpan, GatewayJsonContext.Default.ChatCompletionRequest);
        }

        var length = checked((int)buffer.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.CopyTo(rented);
            return JsonSerializer.Deserialize(
                rented.AsSpan(0, length),
                GatewayJsonContext.Default.ChatCompletionRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private IChatClient ResolveClient(string model)
    {
        if (_catalog.TryGetChatClient(model, out var client))
        {
            return client;
        }

        var shown = model.Length <= MaxModelNameInError ? model : model[..MaxModelNameInError] + "...";
        throw GatewayException.Invalid(
            ErrorCodes.ModelNotFound,
            "model",
            $"The model '{shown}' is neither a configured route nor a target on a configured provider. " +
            "GET /v1/models lists the valid names.");
    }

    private async Task CompleteAsync(
        HttpContext context,
        IChatClient client,
        ChatRequest request,
        LlmCallContext callContext)
    {
        var cancellationToken = context.RequestAborted;

        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(request.Messages, request.Options, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await WriteUpstreamErrorAsync(context.Response, ex, request.Model, callContext);
            return;
        }
        catch (Exception)
        {
            // The client has gone: whatever the upstream call threw, nobody is left to answer.
            _logger.LogClientDisconnected(request.Model);
            return;
        }

        var model = callContext.Model ?? response.ModelId ?? request.Model;
        var identity = new CompletionIdentity(_timeProvider.GetUtcNow().ToUnixTimeSeconds(), model);
        var httpResponse = context.Response;
        LlmResponseHeaders.Set(httpResponse, callContext, model);
        httpResponse.StatusCode = StatusCodes.Status200OK;
        httpResponse.ContentType = "application/json";

        var writer = JsonWriterCache.Rent(httpResponse.BodyWriter);
        ChatCompletionWriter.WriteCompletion(writer, identity, response);
        JsonWriterCache.Return(writer);

        _logger.LogRequestCompleted(
            request.Model,
            callContext.Provider,
            model,
            callContext.Attempts.Count,
            stream: false);
        await httpResponse.BodyWriter.FlushAsync(CancellationToken.None);
    }

    private async Task WriteUpstreamErrorAsync(
        HttpResponse response,
        Exception exception,
        string model,
        LlmCallContext callContext)
    {
        var error = UpstreamErrorMapper.Map(exception, model);
        LlmResponseHeaders.SetFailed(response, callContext, exception);

        LogUpstreamError(exception, error, model);
        await ErrorResponseWriter.WriteAsync(response, error);
    }

    private void LogUpstreamError(Exception exception, GatewayError error, string model)
    {
        switch (exception)
        {
            case LlmRouteException route:
                _logger.LogUpstreamFailed(route.Route, route.Attempts.Count, route.LastError?.Type);
                break;

            case OperationCanceledException or TimeoutException:
                _logger.LogTotalTimeout(model);
                break;

            default:
                _logger.LogUnexpectedFailure(exception.GetType().FullName ?? "unknown", exception.StackTrace);
                break;
        }

        _logger.LogRequestRejected(error.StatusCode, error.Code, error.Param);
    }
}
