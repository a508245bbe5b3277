using System.Diagnostics;
using System.Text.Json;

namespace MicroFlask.Templating.Tests.Jinja;

/// <summary>Runs a python3 script that renders with real Jinja2 and prints <c>{name: {"output"|"error": text}}</c>; waits at most a minute.</summary>
internal static class Jinja2Runner
{
    public static async Task<Dictionary<string, (string? Output, string? Error)>> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("PYTHON") ?? "python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The Jinja2 differential tests need python3 with Flask (pip install flask): " + e.Message, e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{script} did not finish within 60 seconds.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}); is Flask installed for python3 (pip install flask)? {await stderr}");
            }
            using var json = JsonDocument.Parse(await stdout);
            return json.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => (p.Value.TryGetProperty("output", out var o) ? o.GetString() : null,
                      p.Value.TryGetProperty("error", out var e) ? e.GetString() : null));
        }
    }
}
