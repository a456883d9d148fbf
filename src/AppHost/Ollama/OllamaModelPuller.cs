using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using LlmAspire.AppHost.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmAspire.AppHost.Ollama;

/// <summary>
/// Pulls the configured model once the Ollama container runs, writing each status line of <c>POST /api/pull</c>
/// (NDJSON) to the resource's console log; download progress is logged every 10%.
/// </summary>
internal static class OllamaModelPuller
{
    private const int ProgressStepPercent = 10;

    private static readonly TimeSpan _serverPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Waits for the container to run and its server to answer, then pulls. Never throws.</summary>
    public static async Task RunAsync(
        IServiceProvider services,
        IResource resource,
        EndpointReference endpoint,
        OllamaModelState state)
    {
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        try
        {
            await notifications.WaitForResourceAsync(resource.Name, KnownResourceStates.Running, stopping);

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var baseAddress = new Uri(endpoint.Url);
            await WaitForServerAsync(http, baseAddress, stopping);

            await PullAsync(http, baseAddress, state, logger, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is shutting down; nothing to report.
        }
        catch (Exception ex) when (ex is HttpRequestException
            or JsonException
            or IOException
            or InvalidOperationException)
        {
            state.MarkFailed(ex.Message);
            logger.LogPullException(state.Model, ex);
        }
    }

    /// <summary>Streams <c>POST /api/pull</c> and logs its status lines.</summary>
    public static async Task PullAsync(
        HttpClient http,
        Uri baseAddress,
        OllamaModelState state,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        logger.LogPullStarted(state.Model);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "/api/pull"))
        {
            Content = JsonContent.Create(new Dictionary<string, object> { ["model"] = state.Model, ["stream"] = true }),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var progress = new PullProgress();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;

            if (root.TryGetProperty("error", out var error))
            {
                state.MarkFailed(error.GetString() ?? "unknown error");
                logger.LogPullFailed(state.Model, state.Error!);
                return;
            }

            var status = root.TryGetProperty("status", out var s) ? s.GetString() ?? string.Empty : string.Empty;
            state.Report(status);
            progress.Log(logger, status, root);

            if (status == "success")
            {
                state.MarkReady();
                logger.LogPullCompleted(state.Model);
                return;
            }
        }

        state.MarkFailed("the pull stream ended without 'success'");
        logger.LogPullFailed(state.Model, state.Error!);
    }

    private static async Task WaitForServerAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/api/version"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the container has started but the server inside it has not.
            }

            await Task.Delay(_serverPollInterval, cancellationToken);
        }
    }

    /// <summary>Keeps the log readable: one line per status change and per 10% of a layer's download.</summary>
    private sealed class PullProgress
    {
        private string? _lastStatus;
        private string? _lastDigest;
        private int _lastPercent = -1;

        public void Log(ILogger logger, string status, JsonElement line)
        {
            var digest = line.TryGetProperty("digest", out var d) ? d.GetString() : null;
            var total = line.TryGetProperty("total", out var t) && t.TryGetInt64(out var tv) ? tv : 0;
            var completed = line.TryGetProperty("completed", out var c) && c.TryGetInt64(out var cv) ? cv : 0;

            if (digest is null || total <= 0)
            {
                if (status != _lastStatus)
                {
                    logger.LogPullStatus(status);
                }

                _lastStatus = status;
                return;
            }

            if (digest != _lastDigest || status != _lastStatus)
            {
                _lastPercent = -1;
            }

            var percent = (int)(completed * 100 / total);
            var step = percent / ProgressStepPercent * ProgressStepPercent;
            if (step > _lastPercent)
            {
                logger.LogPullProgress(status, digest, step, total / (1024 * 1024));
                _lastPercent = step;
            }

            _lastDigest = digest;
            _lastStatus = status;
        }
    }
}
