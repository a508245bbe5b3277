using System.Diagnostics;
using System.Text;

namespace MicroFlask.Bench.Tests;

/// <summary>Runs a command of bench/ from the repo's root, bounded in time, and keeps what it printed.</summary>
internal static class BenchProcess
{
    /// <summary>The repo's root: the folder above the test's output that holds MicroFlask.sln.</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // apt-get must never stop to ask a question on a CI machine.
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            // The whole tree: smoke.sh's servers and BenchmarkDotNet's children would otherwise outlive the test.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) return (-1, $"timed out after {timeout}\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroFlask.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("MicroFlask.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
