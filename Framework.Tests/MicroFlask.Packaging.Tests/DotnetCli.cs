using System.Diagnostics;
using System.Text;

namespace MicroFlask.Packaging.Tests;

/// <summary>Runs the dotnet CLI as a child process with a deadline, keeping its output for the failure message.</summary>
internal static class DotnetCli
{
    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/>; throws with the output when it fails or overruns.
    /// An environment value of null removes that variable.
    /// </summary>
    public static async Task<string> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var outputClosed = new TaskCompletionSource();
        var errorClosed = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => Collect(output, e.Data, outputClosed);
        process.ErrorDataReceived += (_, e) => Collect(output, e.Data, errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var command = "dotnet " + string.Join(' ', arguments);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            // A build server left running keeps the pipes open; the exit code is what counts, so do not wait for ever.
            await Task.WhenAll(outputClosed.Task, errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} ran over {timeout}:\n{Text(output)}");
        }
        catch (TimeoutException)
        {
            // Output after the exit is lost, the result is not.
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} exited with {process.ExitCode}:\n{Text(output)}");
        return Text(output);
    }

    private static void Collect(StringBuilder output, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (output) output.AppendLine(line);
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
