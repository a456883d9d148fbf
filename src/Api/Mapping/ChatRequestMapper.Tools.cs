using System.Text.Json;
using System.Text.RegularExpressions;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Wire;
using Microsoft.Extensions.AI;

namespace LlmAspire.Api.Mapping;

/// <content>Maps <c>tools</c>, <c>tool_choice</c> and <c>response_format</c>.</content>
internal static partial class ChatRequestMapper
{
    private static readonly JsonElement EmptyParametersSchema =
        JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    private static List<AITool> MapTools(List<ToolDto?> tools)
    {
        if (tools.Count > MaxTools)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                "tools",
                $"'tools' has {tools.Count} entries; at most {MaxTools} are allowed.");
        }

        var mapped = new List<AITool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            mapped.Add(MapTool(tools[i], i));
        }

        return mapped;
    }

    private static AITool MapTool(ToolDto? tool, int i)
    {
        if (tool is null)
        {
            throw GatewayException.Invalid(ErrorCodes.InvalidType, $"tools[{i}]", $"Tool {i} is null.");
        }

        if (tool.Type != "function")
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                $"tools[{i}].type",
                $"Tool {i} has an unsupported type; only \"function\" tools are supported.");
        }

        var function = tool.Function ?? throw GatewayException.Invalid(
            ErrorCodes.MissingParameter,
            $"tools[{i}].function",
            $"Tool {i} has no 'function'.");

        if (string.IsNullOrEmpty(function.Name))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                $"tools[{i}].function.name",
                $"Tool {i} has no 'function.name'.");
        }

        if (!FunctionName().IsMatch(function.Name))
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                $"tools[{i}].function.name",
                $"The name of tool {i} must be 1 to 64 letters, digits, underscores or dashes.");
        }

        var schema = function.Parameters;
        if (schema is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidType,
                $"tools[{i}].function.parameters",
                $"The 'parameters' of tool {i} must be a JSON schema object.");
        }

        // LIMITATION: a tool's own 'strict' flag is dropped, because AIFunctionFactory.CreateDeclaration has no way to
        // carry it; a declaration type of our own with AdditionalProperties["strict"] would pass it to OpenAI.
        return AIFunctionFactory.CreateDeclaration(
            function.Name,
            function.Description,
            schema is { ValueKind: JsonValueKind.Object } s ? s : EmptyParametersSchema);
    }

    private static ChatToolMode? MapToolChoice(ToolChoiceDto? choice, IList<AITool>? tools)
    {
        if (choice is null)
        {
            return null;
        }

        if (choice.Mode == "none")
        {
            return ChatToolMode.None;
        }

        if (tools is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidValue,
                "tool_choice",
                "'tool_choice' other than \"none\" needs 'tools'.");
        }

        switch (choice.Mode)
        {
            case "auto":
                return ChatToolMode.Auto;

            case "required":
                return ChatToolMode.RequireAny;

            case "function":
                if (string.IsNullOrEmpty(choice.FunctionName))
                {
                    throw GatewayException.Invalid(
                        ErrorCodes.MissingParameter,
                        "tool_choice.function.name",
                        "'tool_choice.function.name' is required when 'tool_choice' names a function.");
                }

                if (!tools.Any(t => t.Name == choice.FunctionName))
                {
                    throw GatewayException.Invalid(
                        ErrorCodes.InvalidValue,
                        "tool_choice.function.name",
                        "'tool_choice' names a function that is not in 'tools'.");
                }

                return ChatToolMode.RequireSpecific(choice.FunctionName);

            default:
                throw GatewayException.Invalid(
                    ErrorCodes.InvalidValue,
                    "tool_choice",
                    "'tool_choice' must be \"none\", \"auto\", \"required\" or " +
                    "{\"type\":\"function\",\"function\":{\"name\":...}}.");
        }
    }

    private static ChatResponseFormat? MapResponseFormat(ResponseFormatDto? format, ChatOptions options)
    {
        switch (format?.Type)
        {
            case null when format is null:
                return null;

            case "text":
                return ChatResponseFormat.Text;

            case "json_object":
                return ChatResponseFormat.Json;

            case "json_schema":
                return MapJsonSchema(format.JsonSchema, options);

            case null:
                throw GatewayException.Invalid(
                    ErrorCodes.MissingParameter,
                    "response_format.type",
                    "'response_format.type' is required: text, json_object or json_schema.");

            default:
                throw GatewayException.Invalid(
                    ErrorCodes.InvalidValue,
                    "response_format.type",
                    "'response_format.type' must be text, json_object or json_schema.");
        }
    }

    private static ChatResponseFormat MapJsonSchema(JsonSchemaDto? jsonSchema, ChatOptions options)
    {
        if (jsonSchema is null)
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                "response_format.json_schema",
                "'response_format.json_schema' is required when the type is json_schema.");
        }

        if (string.IsNullOrEmpty(jsonSchema.Name))
        {
            throw GatewayException.Invalid(
                ErrorCodes.MissingParameter,
                "response_format.json_schema.name",
                "'response_format.json_schema.name' is required.");
        }

        if (jsonSchema.Schema is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
        {
            throw GatewayException.Invalid(
                ErrorCodes.InvalidType,
                "response_format.json_schema.schema",
                "'response_format.json_schema.schema' must be a JSON schema object.");
        }

        if (jsonSchema.Strict is { } strict)
        {
            // Microsoft.Extensions.AI.OpenAI reads the strict flag of a JSON schema response format from here.
            (options.AdditionalProperties ??= [])["strict"] = strict;
        }

        return jsonSchema.Schema is { ValueKind: JsonValueKind.Object } schema
            ? ChatResponseFormat.ForJsonSchema(schema, jsonSchema.Name, jsonSchema.Description)
            : new ChatResponseFormatJson(null, jsonSchema.Name, jsonSchema.Description);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
