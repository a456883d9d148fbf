using System.Text.Json;
using LlmAspire.Api.Wire;
using LlmAspire.Routing;

namespace LlmAspire.Api.Endpoints;

/// <summary>
/// <c>GET /v1/models</c>: every route, then every target, in the OpenAI list format. The catalog does not change while
/// the process runs, so the body is built once and replayed.
/// </summary>
internal sealed class ModelsEndpoint
{
    private const string Owner = "llmaspire";

    private readonly byte[] _body;

    public ModelsEndpoint(LlmCatalog catalog, TimeProvider timeProvider)
    {
        _body = BuildBody(catalog, timeProvider.GetUtcNow().ToUnixTimeSeconds());
    }

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }

    private static byte[] BuildBody(LlmCatalog catalog, long created)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var route in catalog.Routes)
            {
                WriteModel(writer, route, created);
            }

            foreach (var target in catalog.Targets)
            {
                WriteModel(writer, target.Name, created);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteModel(Utf8JsonWriter writer, string id, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", created);
        writer.WriteString("owned_by", Owner);
        writer.WriteEndObject();
    }
}
