using System.Text;
using System.Text.Json;

namespace LlmAspire.Api.Tests.Fakes;

/// <summary>Raw HTTP helpers for what the OpenAI SDK cannot send or does not expose.</summary>
internal static class GatewayHttp
{
    public const string ChatPath = "/v1/chat/completions";

    public const string HelloMessages = """[{"role":"user","content":"Say hello."}]""";

    public static Task<HttpResponseMessage> PostAsync(
        HttpClient client,
        string body,
        string contentType = "application/json") =>
        client.PostAsync(
            ChatPath,
            new StringContent(body, Encoding.UTF8, contentType),
            TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content) =>
        client.PostAsync(ChatPath, content, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Reads an OpenAI error envelope and returns its <c>error</c> object.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = await ReadJsonAsync(response);
        var error = root.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        return error;
    }

    /// <summary>Splits an SSE body into its <c>data:</c> payloads, checking the framing on the way.</summary>
    public static List<string> ReadSseData(string body)
    {
        var events = body.Split("\n\n", StringSplitOptions.None);
        Assert.Equal(string.Empty, events[^1]);
        var data = new List<string>();
        foreach (var e in events[..^1])
        {
            Assert.StartsWith("data: ", e, StringComparison.Ordinal);
            data.Add(e["data: ".Length..]);
        }

        return data;
    }
}
