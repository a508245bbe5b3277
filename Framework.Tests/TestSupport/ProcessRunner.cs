using System.Diagnostics;

namespace MicroFlask.TestSupport;

/// <summary>
/// The one way tests start child processes (python3, dotnet, bench scripts, redis-server): always with a deadline,
/// the whole tree killed when it overruns, and what the process printed kept for the failure message.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="file"/> to its end and returns how it ended, whatever the exit code.
    /// An environment value of null removes that variable; <paramref name="stdin"/>, when given, is written and closed.
    /// </summary>
    /// <exception cref="TimeoutException">It ran over <paramref name="timeout"/> (it is killed; the message holds its output).</exception>
    /// <exception cref="System.ComponentModel.Win32Exception"><paramref name="file"/> could not be started (not on the PATH).</exception>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        await using var process = Start(file, arguments, workingDirectory, environment, stdin);
        return await process.WaitForExitAsync(timeout);
    }

    /// <summary>
    /// Starts <paramref name="file"/> and returns at once; wait for it with <see cref="RunningProcess.WaitForExitAsync"/>.
    /// Disposing the result kills it if it still runs.
    /// </summary>
    public static RunningProcess Start(string file, IEnumerable<string> arguments,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No child may stop to ask a question, or write a bytecode cache into the repository.
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        return new RunningProcess(start, stdin);
    }
}
