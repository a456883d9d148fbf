using System.Text;
using System.Text.Json;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Wire;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Mapping;

/// <content>Maps <c>messages</c>.</content>
internal static partial class ChatRequestMapper
{
    private static List<ChatMessage> MapMessages(List<ChatMessageDto?>? messages)
    {
        if (messages is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                "messages",
                "'messages' is required: send an array with at least one message.");
        }

        if (messages.Count == 0)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                "messages",
                "'messages' is empty: send at least one message.");
        }

        var mapped = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            mapped.Add(MapMessage(messages[i], i));
        }

        return mapped;
    }

    private static ChatMessage MapMessage(ChatMessageDto? message, int index)
    {
        if (message is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidType,
                $"messages[{index}]",
                $"Message {index} is null; every message must be an object with a 'role'.");
        }

        var mapped = message.Role switch
        {
            "system" or "developer" => new ChatMessage(
                ChatRole.System,
                MapTextOnly(message.Content, index, required: true)),
            "user" => new ChatMessage(ChatRole.User, MapUserContent(message.Content, index)),
            "assistant" => new ChatMessage(ChatRole.Assistant, MapAssistantContent(message, index)),
            "tool" => new ChatMessage(ChatRole.Tool, [MapToolResult(message, index)]),
            null => throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                $"messages[{index}].role",
                $"Message {index} has no 'role'; use system, developer, user, assistant or tool."),
            _ => throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                $"messages[{index}].role",
                $"Message {index} has an unknown role; use system, developer, user, assistant or tool."),
        };

        mapped.AuthorName = message.Name;
        return mapped;
    }

    private static List<AIContent> MapUserContent(MessageContentDto? content, int index)
    {
        if (content is null)
        {
            throw MissingContent(index);
        }

        if (content.Text is { } text)
        {
            return [new TextContent(text)];
        }

        var parts = content.Parts!;
        if (parts.Count == 0)
        {
            throw EmptyContent(index);
        }

        var mapped = new List<AIContent>(parts.Count);
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p] ?? throw PartError(
                ErrorCodes.InvalidType,
                index,
                p,
                "",
                "is null; it must be an object");
            mapped.Add(part.Type switch
            {
                "text" => new TextContent(part.Text ?? throw MissingText(index, p)),
                "image_url" => MapImage(part.ImageUrl, index, p),
                null => throw PartError(ErrorCodes.MissingParameter, index, p, ".type", "has no 'type'"),
                _ => throw PartError(
                    ErrorCodes.InvalidValue,
                    index,
                    p,
                    ".type",
                    "has an unsupported type; the gateway accepts 'text' and 'image_url' parts"),
            });
        }

        return mapped;
    }

    private static AIContent MapImage(ImageUrlDto? image, int index, int part)
    {
        if (string.IsNullOrEmpty(image?.Url))
        {
            throw PartError(ErrorCodes.MissingParameter, index, part, ".image_url.url", "has no 'image_url.url'");
        }

        AIContent content;
        if (image.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                content = new DataContent(image.Url);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
            {
                throw PartError(
                    ErrorCodes.InvalidValue,
                    index,
                    part,
                    ".image_url.url",
                    "has a malformed data URI; use data:<media type>;base64,<data>");
            }
        }
        else if (Uri.TryCreate(image.Url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            content = new UriContent(uri, "image/*");
        }
        else
        {
            throw PartError(
                ErrorCodes.InvalidValue,
                index,
                part,
                ".image_url.url",
                "has an image URL that is neither an absolute http(s) URL nor a data URI");
        }

        if (image.Detail is { } detail)
        {
            (content.AdditionalProperties ??= [])["detail"] = detail;
        }

        return content;
    }

    private static List<AIContent> MapAssistantContent(ChatMessageDto message, int index)
    {
        var contents = new List<AIContent>();
        if (message.Content is not null)
        {
            contents.AddRange(MapTextOnly(message.Content, index, required: false));
        }

        if (message.ToolCalls is { } calls)
        {
            for (var c = 0; c < calls.Count; c++)
            {
                contents.Add(MapToolCall(calls[c], index, c));
            }
        }

        if (contents.Count == 0)
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                $"messages[{index}].content",
                $"Assistant message {index} has neither 'content' nor 'tool_calls'.");
        }

        return contents;
    }

    private static FunctionCallContent MapToolCall(ToolCallDto? call, int index, int c)
    {
        var param = $"messages[{index}].tool_calls[{c}]";
        if (call is null)
        {
            throw GatewayException.Invalid(ErrorCodes.InvalidType, param, $"Tool call {c} of message {index} is null.");
        }

        if (string.IsNullOrEmpty(call.Id))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                param + ".id",
                $"Tool call {c} of message {index} has no 'id'.");
        }

        if (call.Type is not null and not "function")
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                param + ".type",
                $"Tool call {c} of message {index} has an unsupported type; only \"function\" exists.");
        }

        if (string.IsNullOrEmpty(call.Function?.Name))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                param + ".function.name",
                $"Tool call {c} of message {index} has no 'function.name'.");
        }

        return new FunctionCallContent(call.Id, call.Function.Name, ParseArguments(call.Function.Arguments, param));
    }

    private static Dictionary<string, object?>? ParseArguments(string? arguments, string param)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return null;
        }

        Dictionary<string, JsonElement>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(arguments, GatewayJsonContext.Default.DictionaryStringJsonElement);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                param + ".function.arguments",
                "'function.arguments' must be a JSON object serialized as a string.");
        }

        var result = new Dictionary<string, object?>(parsed.Count, StringComparer.Ordinal);
        foreach (var (key, value) in parsed)
        {
            result[key] = value;
        }

        return result;
    }

    private static FunctionResultContent MapToolResult(ChatMessageDto message, int index)
    {
        if (string.IsNullOrEmpty(message.ToolCallId))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                $"messages[{index}].tool_call_id",
                $"Tool message {index} has no 'tool_call_id'; it must name the assistant tool call it answers.");
        }

        var texts = MapTextOnly(message.Content, index, required: true);
        var result = texts.Count == 1 ? ((TextContent)texts[0]).Text : Join(texts);
        return new FunctionResultContent(message.ToolCallId, result);
    }

    private static List<AIContent> MapTextOnly(MessageContentDto? content, int index, bool required)
    {
        if (content is null)
        {
            return required ? throw MissingContent(index) : [];
        }

        if (content.Text is { } text)
        {
            return [new TextContent(text)];
        }

        var parts = content.Parts!;
        if (parts.Count == 0 && required)
        {
            throw EmptyContent(index);
        }

        var mapped = new List<AIContent>(parts.Count);
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            if (part?.Type != "text")
            {
                throw PartError(
                    ErrorCodes.InvalidValue,
                    index,
                    p,
                    ".type",
                    "is not a text part; messages of this role accept only 'text' parts");
            }

            mapped.Add(new TextContent(part.Text ?? throw MissingText(index, p)));
        }

        return mapped;
    }

    private static string Join(List<AIContent> texts)
    {
        var builder = new StringBuilder();
        foreach (var text in texts)
        {
            builder.Append(((TextContent)text).Text);
        }

        return builder.ToString();
    }

    private static GatewayException MissingContent(int index) => GatewayException.Invalid(
        ErrorCodes.MissingParameter,
        $"messages[{index}].content",
        $"Message {index} has no 'content'.");

    private static GatewayException EmptyContent(int index) => GatewayException.Invalid(
        ErrorCodes.InvalidValue,
        $"messages[{index}].content",
        $"Message {index} has an empty 'content' array.");

    private static GatewayException MissingText(int index, int part) =>
        PartError(ErrorCodes.MissingParameter, index, part, ".text", "has no 'text'");

    private static GatewayException PartError(string code, int index, int part, string suffix, string what) =>
        GatewayException.Invalid(
            code,
            $"messages[{index}].content[{part}]{suffix}",
            $"Content part {part} of message {index} {what}.");
}
