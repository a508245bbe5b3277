using System.ComponentModel;
using System.Diagnostics;

namespace MicroFlask.Tests.Compat;

/// <summary>Runs python3 with some input on stdin and a time limit, for the Flask compatibility tests.</summary>
internal static class PythonProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <exception cref="TimeoutException">python3 did not finish in time (it is killed).</exception>
    /// <exception cref="Win32Exception">python3 is not on the PATH.</exception>
    public static Result Run(IReadOnlyList<string> arguments, string stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Python must not buffer or localize anything behind our back.
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
