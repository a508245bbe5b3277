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
    private static readonly Lazy<string?> MissingReason = new(FindMissingReason);

    private static string ScriptPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "Compat", "flask_cookie.py");

    /// <summary>Ignores (or under CI fails) the calling test or fixture when python3 cannot import Flask.</summary>
    public static void RequireFlask()
    {
        if (MissingReason.Value is not { } reason)
        {
            return;
        }

        var message = $"Flask compatibility tests need python3 with Flask (apt-get install python3-flask): {reason}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>Sends the requests to the script in one run; returns one response per request, in order.</summary>
    public static IReadOnlyList<JsonObject> Run(IEnumerable<JsonObject> requests)
    {
        var input = new JsonObject { ["requests"] = new JsonArray([.. requests]) }.ToJsonString();
        var result = PythonProcess.Run([ScriptPath], input, Timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"flask_cookie.py exited with {result.ExitCode}: {result.Stderr}");
        }

        var responses = JsonNode.Parse(result.Stdout)!["responses"]!.AsArray();
        return [.. responses.Select(response => response!.AsObject())];
    }

    private static string? FindMissingReason()
    {
        try
        {
            var result = PythonProcess.Run(["-c", "import flask"], "", Timeout);
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
