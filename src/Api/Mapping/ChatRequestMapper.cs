using LlmAspire.Api.Errors;
using LlmAspire.Api.Wire;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Mapping;

/// <summary>
/// Validates an OpenAI chat completion request and maps it to messages and <see cref="ChatOptions"/>. Every rejection
/// is a <see cref="GatewayException"/> whose <c>param</c> names the field at fault; no input makes it throw anything else.
/// </summary>
internal static partial class ChatRequestMapper
{
    private const int MaxStopSequences = 4;
    private const int MaxTools = 128;

    public static ChatRequest Map(ChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                "model",
                "'model' is required: name a route (for example \"default\") or a target (\"provider/model\"). " +
                "GET /v1/models lists them.");
        }

        var messages = MapMessages(request.Messages);
        var options = MapOptions(request);

        return new ChatRequest
        {
            Model = request.Model,
            Messages = messages,
            Options = options,
            Stream = request.Stream == true,
            IncludeUsage = request.StreamOptions?.IncludeUsage == true,
        };
    }

    private static ChatOptions MapOptions(ChatCompletionRequest request)
    {
        // Both limits are checked even though max_completion_tokens wins, so a bad max_tokens is never ignored.
        var maxTokens = CheckPositive(request.MaxTokens, "max_tokens");
        var maxCompletionTokens = CheckPositive(request.MaxCompletionTokens, "max_completion_tokens");

        var options = new ChatOptions
        {
            Temperature = (float?)CheckRange(request.Temperature, 0, 2, "temperature"),
            TopP = (float?)CheckRange(request.TopP, 0, 1, "top_p"),
            PresencePenalty = (float?)CheckRange(request.PresencePenalty, -2, 2, "presence_penalty"),
            FrequencyPenalty = (float?)CheckRange(request.FrequencyPenalty, -2, 2, "frequency_penalty"),
            MaxOutputTokens = maxCompletionTokens ?? maxTokens,
            Seed = request.Seed,
            StopSequences = MapStop(request.Stop),
            AllowMultipleToolCalls = request.ParallelToolCalls,
        };

        CheckUnsupported(request);

        if (request.Tools is { Count: > 0 } tools)
        {
            options.Tools = MapTools(tools);
        }

        options.ToolMode = MapToolChoice(request.ToolChoice, options.Tools);
        options.ResponseFormat = MapResponseFormat(request.ResponseFormat, options);

        if (request.User is { } user)
        {
            (options.AdditionalProperties ??= [])["user"] = user;
        }

        return options;
    }

    private static void CheckUnsupported(ChatCompletionRequest request)
    {
        if (request.N is { } n && n != 1)
        {
            throw n < 1
                ? GatewayException.Invalid(ErrorCodes.InvalidValue, "n", $"'n' is {n}; it must be at least 1.")
                : GatewayException.Invalid(
                    ErrorCodes.UnsupportedValue,
                    "n",
                    $"'n' is {n}; the gateway returns one choice per request. Omit 'n' or set it to 1, and send " +
                    "several requests for several choices.");
        }

        if (request.StreamOptions is not null && request.Stream != true)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                "stream_options",
                "'stream_options' is only allowed when 'stream' is true.");
        }

        if (request.Logprobs == true || request.TopLogprobs is not null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.UnsupportedValue,
                request.Logprobs == true ? "logprobs" : "top_logprobs",
                "Log probabilities are not supported by the gateway, because not every provider returns them. " +
                "Remove 'logprobs' and 'top_logprobs'.");
        }
    }

    private static double? CheckRange(double? value, double min, double max, string param)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                param,
                $"'{param}' is {v}; it must be between {min} and {max}.");
        }

        return value;
    }

    private static int? CheckPositive(int? value, string param)
    {
        if (value is < 1)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                param,
                $"'{param}' is {value}; it must be at least 1.");
        }

        return value;
    }

    private static List<string>? MapStop(List<string>? stop)
    {
        if (stop is null || stop.Count == 0)
        {
            return null;
        }

        if (stop.Count > MaxStopSequences)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                "stop",
                $"'stop' has {stop.Count} sequences; at most {MaxStopSequences} are allowed.");
        }

        for (var i = 0; i < stop.Count; i++)
        {
            if (stop[i].Length == 0)
            {
                throw GatewayException.Invalid(ErrorCodes.InvalidValue, "stop", $"Stop sequence {i} is empty.");
            }
        }

        return stop;
    }
}
