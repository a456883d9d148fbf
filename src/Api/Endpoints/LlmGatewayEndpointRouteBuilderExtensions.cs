using LlmAspire.Api.Endpoints;
using LlmAspire.Api.Errors;
using LlmAspire.Api.Tenants;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the gateway's OpenAI-compatible API.</summary>
internal static class LlmGatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c> and <c>GET /v1/usage</c> (behind tenant keys when tenants are configured), and answers unknown paths (404) and wrong
    /// methods (405) with the OpenAI error envelope.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapLlmGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseStatusCodePages(StatusCodeErrorWriter.WriteAsync);
        app.Use(TenantMiddleware.Create(
            app.Services.GetRequiredService<TenantAuthenticator>(),
            app.Services.GetRequiredService<TenantRateLimiter>()));

        // The handlers take the HttpContext directly: no parameter binding or reflection runs per request.
        var chat = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        var models = app.Services.GetRequiredService<ModelsEndpoint>();
        app.MapPost("/v1/chat/completions", (RequestDelegate)chat.HandleAsync);
        app.MapGet("/v1/models", (RequestDelegate)models.HandleAsync);
        if (app.Services
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<LlmAspire.Api.Configuration.LlmGatewayOptions>>()
            .Value.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint();
        }

        app.MapGet("/v1/usage", (RequestDelegate)app.Services.GetRequiredService<UsageEndpoint>().HandleAsync);
        return app;
    }
}
