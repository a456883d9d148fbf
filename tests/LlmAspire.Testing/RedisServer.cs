using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmAspire.Testing;

/// <summary>
/// A real <c>redis-server</c> process on <c>127.0.0.1</c> and a free port, without persistence, for tests of the
/// Redis-backed stages. It can be stopped mid-test to show what happens when Redis goes away.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(15);

    private Process? _process;

    private RedisServer(int port)
    {
        Port = port;
    }

    /// <summary>Gets the port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis connection string, as Aspire passes it in <c>ConnectionStrings__cache</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts <c>redis-server</c> (from PATH) and waits until it answers <c>PING</c>.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop the process.</returns>
    /// <exception cref="InvalidOperationException">redis-server is not installed or did not answer in time.</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new RedisServer(FreePort());
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port",
                server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            server._process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not on PATH; install it (apt-get install redis-server), as .ci/run does.",
                ex);
        }

        server._process!.OutputDataReceived += static (_, _) => { };
        server._process.ErrorDataReceived += static (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartPatience;
        while (!await server.PingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline || server._process.HasExited)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"redis-server on port {server.Port} did not answer PING in {StartPatience}.");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return server;
    }

    /// <summary>Stops the server process now; clients see their connections drop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
