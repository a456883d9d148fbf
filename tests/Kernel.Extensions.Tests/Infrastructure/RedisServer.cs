using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace LlmAspire.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, for one test class. Tests in a class run
/// one at a time, so each starts from an empty database with <see cref="FlushAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start; install it (apt-get install redis-server).");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        ConnectionString = $"127.0.0.1:{port},allowAdmin=true,abortConnect=false";

        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await probe.GetDatabase().PingAsync();
                if (probe.IsConnected)
                {
                    return;
                }
            }
            catch (RedisConnectionException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer on port {port}.");
    }

    public IConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(ConnectionString);

    public async Task FlushAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await redis.GetServers()[0].FlushAllDatabasesAsync();
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
