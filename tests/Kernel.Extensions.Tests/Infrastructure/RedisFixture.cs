using LlmAspire.Testing;
using StackExchange.Redis;

namespace LlmAspire.Tests.Infrastructure;

/// <summary>
/// One real <c>redis-server</c> for a test class. Tests in a class run one at a time, so each starts from an empty
/// database with <see cref="FlushAsync"/>.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>Gets the connection string, with admin commands allowed for <see cref="FlushAsync"/>.</summary>
    public string ConnectionString => $"{_server?.ConnectionString},allowAdmin=true,abortConnect=false";

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync();

    public IConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(ConnectionString);

    public async Task FlushAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await redis.GetServers()[0].FlushAllDatabasesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
