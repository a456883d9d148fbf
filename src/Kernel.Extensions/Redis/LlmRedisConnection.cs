using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LlmAspire.Redis;

/// <summary>
/// The Redis connection LlmAspire's shared state uses (rate-limit windows, the usage ledger, budget reservations): an
/// <see cref="IConnectionMultiplexer"/> the app registered, else one opened lazily from the connection string named
/// <c>cache</c>, as Aspire passes it. The response cache keeps its own, fail-fast connection.
/// </summary>
/// <remarks>
/// Connects with <c>abortConnect=false</c>, so a Redis that is down at startup does not stop the host; callers check
/// <see cref="TryGetDatabase"/> and degrade to process-local state while it is unreachable.
/// </remarks>
internal sealed partial class LlmRedisConnection : IDisposable
{
    /// <summary>The connection string name Aspire uses for the cache resource.</summary>
    public const string ConnectionStringName = "cache";

    private readonly Lazy<IConnectionMultiplexer?> _connection;
    private readonly bool _owned;
    private readonly ILogger _logger;

    public LlmRedisConnection(
        IConfiguration? configuration,
        IConnectionMultiplexer? registered,
        ILogger<LlmRedisConnection> logger)
    {
        _logger = logger;
        var connectionString = configuration?.GetConnectionString(ConnectionStringName);
        IsConfigured = registered is not null || !string.IsNullOrWhiteSpace(connectionString);
        _owned = registered is null;
        _connection = new Lazy<IConnectionMultiplexer?>(
            () => registered ?? (IsConfigured ? Connect(connectionString!) : null));
    }

    public bool IsConfigured { get; }

    /// <summary>Gets the connection, opening it on first use, or <see langword="null"/> when Redis is not configured.</summary>
    public IConnectionMultiplexer? Multiplexer => _connection.Value;

    /// <summary>Gets the database when Redis is configured and connected right now.</summary>
    public bool TryGetDatabase(out IDatabase database)
    {
        database = null!;
        var connection = _connection.Value;
        if (connection is null || !connection.IsConnected)
        {
            return false;
        }

        database = connection.GetDatabase();
        return true;
    }

    public void Dispose()
    {
        if (_owned && _connection.IsValueCreated)
        {
            _connection.Value?.Dispose();
        }
    }

    private ConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 5000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2000);
        var connection = ConnectionMultiplexer.Connect(options);
        LogConnected(_logger, connection.IsConnected);
        return connection;
    }

    [LoggerMessage(
        EventId = 1201,
        Level = LogLevel.Debug,
        Message = "Redis connection for shared state opened (connected now: {Connected}).")]
    private static partial void LogConnected(ILogger logger, bool connected);
}
