using System.Net;
using System.Text.Json;
using LlmAspire.Api.Tests.Fakes;

namespace LlmAspire.Api.Tests.Endpoints;

/// <content>Bad input: every case answers 4xx in the OpenAI envelope, naming the field at fault; none is a 500.</content>
public sealed partial class ChatCompletionsEndpointTests
{
    private const string M = GatewayHttp.HelloMessages;
    private const string Tool = """[{"type":"function","function":{"name":"f"}}]""";

    private static string Req(string tail) =>
        "{\"model\":\"default\",\"messages\":" + M + tail.Replace("@TOOL", Tool, StringComparison.Ordinal);

    public static TheoryData<string, string, int, string, string?> BadInputs => new()
    {
        // body (or its tail after model+messages when it starts with ','), content type, status, code, param
        { "", "application/json", 400, "invalid_json", null },
        { "{", "application/json", 400, "invalid_json", null },
        {
            """{"model":"default","messages":[{"role":"user","content":"hi"}]} trailing""",
            "application/json",
            400,
            "invalid_json",
            null
        },
        {
            """{"model":"default","messages":[{"role":"user","content":"hi"},]}""",
            "application/json",
            400,
            "invalid_json",
            "messages[1]"
        },
        { "null", "application/json", 400, "invalid_type", null },
        {
            Req(",\"deep\":" + new string('[', 100) + new string(']', 100) + "}"),
            "application/json",
            400,
            "invalid_json",
            "deep"
        },
        { "[]", "application/json", 400, "invalid_type", null },
        { """{"model":"default","messages":[]}""", "text/plain", 415, "unsupported_media_type", null },
        { $$"""{"messages":{{M}}}""", "application/json", 400, "missing_required_parameter", "model" },
        { $$"""{"model":"","messages":{{M}}}""", "application/json", 400, "missing_required_parameter", "model" },
        { $$"""{"model":42,"messages":{{M}}}""", "application/json", 400, "invalid_type", "model" },
        { $$"""{"model":"no-such-route","messages":{{M}}}""", "application/json", 400, "model_not_found", "model" },
        { """{"model":"default"}""", "application/json", 400, "missing_required_parameter", "messages" },
        { """{"model":"default","messages":[]}""", "application/json", 400, "invalid_value", "messages" },
        { """{"model":"default","messages":"hi"}""", "application/json", 400, "invalid_type", "messages" },
        { """{"model":"default","messages":[null]}""", "application/json", 400, "invalid_type", "messages[0]" },
        {
            """{"model":"default","messages":[{"content":"hi"}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].role"
        },
        {
            """{"model":"default","messages":[{"role":"wizard","content":"hi"}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].role"
        },
        {
            """{"model":"default","messages":[{"role":"user"}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].content"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":42}]}""",
            "application/json",
            400,
            "invalid_type",
            "messages[0].content"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].content"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[{"type":"input_audio"}]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].content[0].type"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[{"type":"text"}]}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].content[0].text"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].content[0].image_url.url"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].content[0].image_url.url"
        },
        {
            """{"model":"default","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:nonsense"}}]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].content[0].image_url.url"
        },
        {
            """{"model":"default","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].content[0].type"
        },
        {
            """{"model":"default","messages":[{"role":"tool","content":"42"}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].tool_call_id"
        },
        {
            """{"model":"default","messages":[{"role":"assistant"}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].content"
        },
        {
            """{"model":"default","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}]}""",
            "application/json",
            400,
            "missing_required_parameter",
            "messages[0].tool_calls[0].id"
        },
        {
            """{"model":"default","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"not json"}}]}]}""",
            "application/json",
            400,
            "invalid_value",
            "messages[0].tool_calls[0].function.arguments"
        },
        { Req(""","temperature":2.5}"""), "application/json", 400, "invalid_value", "temperature" },
        { Req(""","temperature":-0.1}"""), "application/json", 400, "invalid_value", "temperature" },
        { Req(""","temperature":"hot"}"""), "application/json", 400, "invalid_type", "temperature" },
        { Req(""","top_p":1.5}"""), "application/json", 400, "invalid_value", "top_p" },
        { Req(""","max_tokens":0}"""), "application/json", 400, "invalid_value", "max_tokens" },
        { Req(""","max_tokens":1e20}"""), "application/json", 400, "invalid_type", "max_tokens" },
        { Req(""","max_completion_tokens":-5}"""), "application/json", 400, "invalid_value", "max_completion_tokens" },
        {
            Req(""","max_tokens":0,"max_completion_tokens":5}"""),
            "application/json",
            400,
            "invalid_value",
            "max_tokens"
        },
        { Req(""","n":2}"""), "application/json", 400, "unsupported_value", "n" },
        { Req(""","n":0}"""), "application/json", 400, "invalid_value", "n" },
        { Req(""","presence_penalty":2.5}"""), "application/json", 400, "invalid_value", "presence_penalty" },
        { Req(""","frequency_penalty":-3}"""), "application/json", 400, "invalid_value", "frequency_penalty" },
        { Req(""","stop":["a","b","c","d","e"]}"""), "application/json", 400, "invalid_value", "stop" },
        { Req(""","stop":42}"""), "application/json", 400, "invalid_type", "stop" },
        { Req(""","stop":[1]}"""), "application/json", 400, "invalid_type", "stop" },
        { Req(""","stream":"yes"}"""), "application/json", 400, "invalid_type", "stream" },
        {
            Req(""","stream_options":{"include_usage":true}}"""),
            "application/json",
            400,
            "invalid_value",
            "stream_options"
        },
        {
            Req(""","tools":[{"type":"function","function":{}}]}"""),
            "application/json",
            400,
            "missing_required_parameter",
            "tools[0].function.name"
        },
        {
            Req(""","tools":[{"type":"function"}]}"""),
            "application/json",
            400,
            "missing_required_parameter",
            "tools[0].function"
        },
        { Req(""","tools":[{"type":"retrieval"}]}"""), "application/json", 400, "invalid_value", "tools[0].type" },
        {
            Req(""","tools":[{"type":"function","function":{"name":"bad name!"}}]}"""),
            "application/json",
            400,
            "invalid_value",
            "tools[0].function.name"
        },
        {
            Req(""","tools":[{"type":"function","function":{"name":"f","parameters":"x"}}]}"""),
            "application/json",
            400,
            "invalid_type",
            "tools[0].function.parameters"
        },
        {
            Req(""","tools":@TOOL,"tool_choice":"sometimes"}"""),
            "application/json",
            400,
            "invalid_value",
            "tool_choice"
        },
        { Req(""","tool_choice":"auto"}"""), "application/json", 400, "invalid_value", "tool_choice" },
        {
            Req(""","tools":@TOOL,"tool_choice":{"type":"function","function":{"name":"g"}}}"""),
            "application/json",
            400,
            "invalid_value",
            "tool_choice.function.name"
        },
        {
            Req(""","tools":@TOOL,"tool_choice":{"type":"mystery"}}"""),
            "application/json",
            400,
            "invalid_type",
            "tool_choice"
        },
        { Req(""","tools":@TOOL,"tool_choice":7}"""), "application/json", 400, "invalid_type", "tool_choice" },
        {
            Req(""","response_format":{"type":"xml"}}"""),
            "application/json",
            400,
            "invalid_value",
            "response_format.type"
        },
        {
            Req(""","response_format":{}}"""),
            "application/json",
            400,
            "missing_required_parameter",
            "response_format.type"
        },
        {
            Req(""","response_format":{"type":"json_schema"}}"""),
            "application/json",
            400,
            "missing_required_parameter",
            "response_format.json_schema"
        },
        {
            Req(""","response_format":{"type":"json_schema","json_schema":{"schema":{}}}}"""),
            "application/json",
            400,
            "missing_required_parameter",
            "response_format.json_schema.name"
        },
        { Req(""","logprobs":true}"""), "application/json", 400, "unsupported_value", "logprobs" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Post_BadInput_ClientErrorNamingTheField(
        string body,
        string contentType,
        int expectedStatus,
        string expectedCode,
        string? expectedParam)
    {
        var response = await GatewayHttp.PostAsync(_factory.CreateClient(), body, contentType);

        Assert.Equal((HttpStatusCode)expectedStatus, response.StatusCode);
        var error = await GatewayHttp.ReadErrorAsync(response);
        Assert.Equal(expectedCode, error.GetProperty("code").GetString());
        var param = error.GetProperty("param");
        Assert.Equal(expectedParam, param.ValueKind == JsonValueKind.Null ? null : param.GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Null(_factory.Client.LastMessages);
    }
}
