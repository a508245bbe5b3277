using System.Text.Json;

namespace MicroFlask.Templating.Tests.Jinja;

/// <summary>Runs a python3 script that renders with real Jinja2 and prints <c>{name: {"output"|"error": text}}</c>; waits at most a minute.</summary>
internal static class Jinja2Runner
{
    public static async Task<Dictionary<string, (string? Output, string? Error)>> RunAsync(string script, params string[] arguments)
    {
        var python = Environment.GetEnvironmentVariable("PYTHON") ?? "python3";
        ProcessResult? result = null;
        try
        {
            result = await ProcessRunner.RunAsync(python, [script, .. arguments], TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string?> { ["PYTHONIOENCODING"] = "utf-8" });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Prerequisite.Missing("python3 with Flask and Jinja2", e.Message, "Install python3-flask (./build.sh test installs it).");
        }
        if (result!.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed (exit {result.ExitCode}); is Flask installed for python3? {result.Stderr}");
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.TryGetProperty("output", out var o) ? o.GetString() : null,
                  p.Value.TryGetProperty("error", out var e) ? e.GetString() : null));
    }
}
