using System.Collections.Concurrent;
using LlmAspire.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmAspire.Testing;

/// <summary>
/// An in-process HTTP server on <c>127.0.0.1</c> and a free port that speaks one provider's real wire format,
/// so that the official SDK talks to it unchanged. Chat requests get scripted <see cref="FakeReply"/> answers.
/// </summary>
/// <remarks>
/// <para>
/// All members are thread-safe; concurrent requests each take the next scripted reply. Every request is recorded
/// (method, path, headers including credentials, body) while <see cref="RecordRequests"/> is on; nothing is logged.
/// </para>
/// <para>
/// Routes: OpenAI <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>; Anthropic <c>POST /v1/messages</c>,
/// <c>GET /v1/models</c>; Ollama <c>POST /api/chat</c>, <c>GET /api/tags</c>, <c>POST /api/pull</c>,
/// <c>GET /api/version</c>, <c>GET /</c>. Any other route gets a 404 in the provider's error format.
/// The fakes do not check credentials.
/// </para>
/// </remarks>
public sealed class FakeProvider : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly ProviderProtocol _protocol;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private volatile FakeReply _defaultReply;
    private volatile IReadOnlyList<string> _models;
    private volatile bool _recordRequests = true;
    private int _chatRequestCount;
    private long _sequence;
    private int _disposed;

    private FakeProvider(FakeProviderKind kind)
    {
        Kind = kind;
        _protocol = kind switch
        {
            FakeProviderKind.OpenAI => new OpenAIProtocol(),
            FakeProviderKind.Anthropic => new AnthropicProtocol(),
            FakeProviderKind.Ollama => new OllamaProtocol(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use OpenAI, Anthropic or Ollama."),
        };
        _defaultReply = FakeReply.Text($"Hello from the fake {kind} provider.");
        _models = _protocol.DefaultModels;
    }

    /// <summary>Gets the wire format this provider speaks.</summary>
    public FakeProviderKind Kind { get; }

    /// <summary>Gets the server's root address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the address the provider's SDK expects as its endpoint or base URL.</summary>
    /// <value>OpenAI: <c>http://127.0.0.1:PORT/v1</c>. Anthropic and Ollama: <see cref="BaseAddress"/>.</value>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets a snapshot of the requests received so far, oldest first.</summary>
    /// <value>A new copy on every access; later requests do not change it.</value>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets how many chat requests arrived, counted even when <see cref="RecordRequests"/> is off.</summary>
    public int ChatRequestCount => Volatile.Read(ref _chatRequestCount);

    /// <summary>Gets or sets the reply for chat requests when no scripted reply is queued.</summary>
    /// <value>Defaults to <c>FakeReply.Text("Hello from the fake &lt;kind&gt; provider.")</c>.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public FakeReply DefaultReply
    {
        get => _defaultReply;
        set => _defaultReply = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets or sets the models listed by <c>/v1/models</c> or <c>/api/tags</c>.</summary>
    /// <value>
    /// OpenAI: <c>gpt-4o-mini</c>, <c>gpt-4o</c>; Anthropic: <c>claude-sonnet-4-5</c>, <c>claude-haiku-4-5</c>;
    /// Ollama: <c>llama3.2</c>, plus every model pulled through <c>/api/pull</c>. Chat requests echo whatever model
    /// they name, listed or not.
    /// </value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<string> Models
    {
        get => _models;
        set => _models = value is null ? throw new ArgumentNullException(nameof(value)) : [.. value];
    }

    /// <summary>Gets or sets whether requests are kept in <see cref="Requests"/>.</summary>
    /// <value>Defaults to <see langword="true"/>. Turn it off for long load runs so memory stays flat.</value>
    public bool RecordRequests
    {
        get => _recordRequests;
        set => _recordRequests = value;
    }

    /// <summary>Starts a fake provider on <c>127.0.0.1</c> and a free port.</summary>
    /// <param name="kind">The wire format to speak.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running provider; dispose it to stop the server.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static async Task<FakeProvider> StartAsync(
        FakeProviderKind kind,
        CancellationToken cancellationToken = default)
    {
        var provider = new FakeProvider(kind);

        // The empty builder reads no configuration files or environment variables (an ASPNETCORE_URLS or a
        // Kestrel section in a test's appsettings.json cannot move the port) and registers no logging providers.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.AddServerHeader = false);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        var app = builder.Build();
        app.Run(provider.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        provider._app = app;
        provider.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        provider.Endpoint = kind == FakeProviderKind.OpenAI ? new Uri(
            provider.BaseAddress,
            "v1") : provider.BaseAddress;
        return provider;
    }

    /// <summary>Queues replies that the next chat requests take, one each, in order.</summary>
    /// <param name="replies">The replies; when the queue is empty, <see cref="DefaultReply"/> answers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="replies"/> or one of its items is <see langword="null"/>.</exception>
    public void Enqueue(params FakeReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);

        foreach (var reply in replies)
        {
            ArgumentNullException.ThrowIfNull(reply, nameof(replies));
        }

        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <summary>Forgets the recorded requests; <see cref="ChatRequestCount"/> and the reply queue are kept.</summary>
    public void ClearRequests()
    {
        lock (_requestsLock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Stops the server. Hanging and in-flight requests are aborted. Safe to call more than once.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"Fake {Kind} provider at {BaseAddress}";

    internal void AddModel(string model)
    {
        // The lock makes concurrent pulls append both models; readers keep using the volatile field without it.
        lock (_requestsLock)
        {
            var current = _models;
            if (!current.Contains(model, StringComparer.Ordinal))
            {
                _models = [.. current, model];
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var path = request.Path.Value ?? "/";
        var sequence = Interlocked.Increment(ref _sequence);
        var aborted = context.RequestAborted;

        try
        {
            var body = await ReadBodyAsync(request, aborted).ConfigureAwait(false);
            var isChat = _protocol.IsChatRequest(method, path);
            var info = ChatRequestInfo.Parse(body, streamWhenAbsent: isChat && _protocol.StreamWhenAbsent);
            var text = System.Text.Encoding.UTF8.GetString(body);
            var recorded = new RecordedRequest(method, path, CopyHeaders(request.Headers), text, info);
            if (_recordRequests)
            {
                lock (_requestsLock)
                {
                    _requests.Add(recorded);
                }
            }

            if (!isChat)
            {
                if (!await _protocol.TryHandleOtherAsync(context, this, recorded).ConfigureAwait(false))
                {
                    await _protocol.NotFoundAsync(context, recorded, sequence).ConfigureAwait(false);
                }

                return;
            }

            Interlocked.Increment(ref _chatRequestCount);
            var reply = _replies.TryDequeue(out var queued) ? queued : _defaultReply;
            await AnswerAsync(context, reply, info, sequence).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client went away or the provider is stopping: nobody is left to answer.
            context.Abort();
        }
    }

    private async Task AnswerAsync(HttpContext context, FakeReply reply, ChatRequestInfo info, long sequence)
    {
        var aborted = context.RequestAborted;

        if (reply.Delay > TimeSpan.Zero || reply.Shape == FakeReplyShape.Hang)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            await Task.Delay(reply.Shape == FakeReplyShape.Hang ? Timeout.InfiniteTimeSpan : reply.Delay, linked.Token)
                .ConfigureAwait(false);
        }

        switch (reply.Shape)
        {
            case FakeReplyShape.Error:
                await _protocol.ErrorAsync(context, reply, sequence, aborted).ConfigureAwait(false);
                break;

            case FakeReplyShape.Malformed:
                await _protocol.MalformedAsync(context, info.Stream, aborted).ConfigureAwait(false);
                break;

            default:
                var model = info.Model ?? _models.FirstOrDefault() ?? "fake-model";
                var exchange = new ChatExchange(reply, model, info.IncludeUsage, sequence, aborted);
                await _protocol.AnswerAsync(context, exchange, info.Stream).ConfigureAwait(false);
                break;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            copy[name] = values.Count == 1 ? values[0] ?? string.Empty : string.Join(", ", values.ToArray());
        }

        return copy;
    }
}
