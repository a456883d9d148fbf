var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddLlmAspire(builder.Configuration.GetSection("Llm"));
builder.AddLlmGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLlmGatewayApi();
app.Run();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
