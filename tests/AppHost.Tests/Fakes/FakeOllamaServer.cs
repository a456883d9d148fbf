using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmAspire.AppHost.Tests.Fakes;

/// <summary>
/// A minimal Ollama on a free loopback port: <c>GET /</c>, <c>/api/version</c> and <c>/api/tags</c>; <c>POST /api/pull</c>
/// (NDJSON progress) and <c>POST /api/chat</c> (NDJSON when streaming, one JSON object otherwise) answering <see cref="Answer"/>.
/// </summary>
internal sealed class FakeOllamaServer : IAsyncDisposable
{
    public const string Answer = "Hello from the fake Ollama";

    /// <summary>Pulls of <see cref="MissingModel"/> fail the way Ollama reports it; every other model succeeds.</summary>
    public const string MissingModel = "no-such-model";

    private static readonly string[] _chunks = ["Hello", " from the fake Ollama"];

    private readonly WebApplication _app;
    private int _chatRequests;

    private FakeOllamaServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address, without a trailing path.</summary>
    public Uri Endpoint { get; }

    /// <summary>How many chat requests arrived.</summary>
    public int ChatRequests => Volatile.Read(ref _chatRequests);

    public static async Task<FakeOllamaServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        var app = builder.Build();
        FakeOllamaServer? server = null;

        app.MapGet("/", () => Results.Text("Ollama is running"));
        app.MapGet("/api/version", () => Results.Text("""{"version":"0.12.6"}""", "application/json"));
        app.MapGet(
            "/api/tags",
            () => Results.Text(
                """{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest"}]}""",
                "application/json"));
        app.MapPost("/api/pull", WritePullAsync);
        app.MapPost("/api/chat", async context =>
        {
            Interlocked.Increment(ref server!._chatRequests);
            await WriteChatAsync(context);
        });

        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeOllamaServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task WritePullAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var model = request?["model"]?.GetValue<string>();

        string[] lines = model == MissingModel
            ? ["""{"status":"pulling manifest"}""", """{"error":"pull model manifest: file does not exist"}"""]
            : [
                """{"status":"pulling manifest"}""",
                """{"status":"pulling 1a2b","digest":"sha256:1a2b","total":2097152,"completed":0}""",
                """{"status":"pulling 1a2b","digest":"sha256:1a2b","total":2097152,"completed":524288}""",
                """{"status":"pulling 1a2b","digest":"sha256:1a2b","total":2097152,"completed":600000}""",
                """{"status":"pulling 1a2b","digest":"sha256:1a2b","total":2097152,"completed":2097152}""",
                """{"status":"verifying sha256 digest"}""",
                """{"status":"writing manifest"}""",
                """{"status":"success"}""",
            ];

        context.Response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task WriteChatAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var model = request?["model"]?.GetValue<string>() ?? "llama3.2";
        var stream = request?["stream"]?.GetValue<bool>() ?? true;
        var createdAt = DateTimeOffset.UtcNow.ToString("O");

        if (!stream)
        {
            var reply = Final(model, createdAt, Answer);
            await context.Response.WriteAsJsonAsync(reply, context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        foreach (var chunk in _chunks)
        {
            var line = new JsonObject
            {
                ["model"] = model,
                ["created_at"] = createdAt,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = chunk },
                ["done"] = false,
            };
            await context.Response.WriteAsync(line.ToJsonString() + "\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync(
            Final(model, createdAt, string.Empty).ToJsonString() + "\n",
            context.RequestAborted);
    }

    private static JsonObject Final(string model, string createdAt, string content) => new()
    {
        ["model"] = model,
        ["created_at"] = createdAt,
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        ["done"] = true,
        ["done_reason"] = "stop",
        ["total_duration"] = 1_000_000,
        ["load_duration"] = 1_000,
        ["prompt_eval_count"] = 5,
        ["prompt_eval_duration"] = 1_000,
        ["eval_count"] = 3,
        ["eval_duration"] = 1_000,
    };
}
