using System.Diagnostics;

namespace LlmAspire.AppHost.Runtime;

/// <summary>Asks a container CLI whether its engine answers, with a short timeout.</summary>
internal static class ContainerRuntimeProbe
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs <c>{runtime} info</c> once; true only when it exits with 0 within the timeout.</summary>
    public static bool IsUsable(string runtime)
    {
        var start = new ProcessStartInfo(runtime, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            // Drain both streams so a chatty CLI cannot block on a full pipe before it exits.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();

            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The CLI is not installed or not on PATH.
            return false;
        }
    }
}
