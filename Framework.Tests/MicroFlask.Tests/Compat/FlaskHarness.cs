using System.ComponentModel;
using System.Text.Json.Nodes;

namespace MicroFlask.Tests.Compat;

/// <summary>
/// Talks to <c>flask_cookie.py</c>, which makes and opens session cookies with real Flask. Without Flask the
/// tests are ignored with the reason, except under CI=true, where a missing Flask is a failure.
/// </summary>
internal static class FlaskHarness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task<string?>> MissingReason = new(FindMissingReasonAsync);

    private static string ScriptPath(string script) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Compat", script);

    /// <summary>Ends the calling test or fixture as <see cref="Prerequisite.Missing"/> says when python3 cannot import Flask.</summary>
    public static async Task RequireFlaskAsync()
    {
        if (await MissingReason.Value is { } reason)
        {
            Prerequisite.Missing("python3 with Flask", reason, "Install it: apt-get install python3-flask (./build.sh test does).");
        }
    }

    /// <summary>
    /// Sends the requests to <paramref name="script"/> (in Compat/, flask_cookie.py unless said) in one run; returns one
    /// response per request, in order.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> RunAsync(IEnumerable<JsonObject> requests, string script = "flask_cookie.py")
    {
        var input = new JsonObject { ["requests"] = new JsonArray([.. requests]) }.ToJsonString();
        var result = await ProcessRunner.RunAsync("python3", [ScriptPath(script)], Timeout, stdin: input);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {result.ExitCode}: {result.Stderr}");
        }

        var responses = JsonNode.Parse(result.Stdout)!["responses"]!.AsArray();
        return [.. responses.Select(response => response!.AsObject())];
    }

    private static async Task<string?> FindMissingReasonAsync()
    {
        try
        {
            var result = await ProcessRunner.RunAsync("python3", ["-c", "import flask"], Timeout, stdin: "");
            return result.ExitCode == 0 ? null : result.Stderr.Trim();
        }
        catch (Win32Exception e)
        {
            return "python3 could not be started: " + e.Message;
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }
    }
}
