using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Tests.Hosting;

/// <summary>
/// The standalone server's answer to an unhandled exception, through real Kestrel: in debug mode Werkzeug's debugger
/// page (type, message, traceback, the cause chain, all escaped), otherwise the plain 500 page with nothing of the
/// exception on it.
/// </summary>
[NonParallelizable]
public class DebugErrorPageTests
{
    private static async Task<(int Status, string Body)> GetFailingPageAsync(bool debug, bool? propagate = null)
    {
        var app = new App("tests") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = TestApp.SecretKey, Debug = debug };
        if (propagate is { } value) app.Config["PROPAGATE_EXCEPTIONS"] = value;
        app.Route("/boom", Boom);
        await using var server = await app.StartAsync("127.0.0.1", 0);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var response = await client.GetAsync("/boom?x=1");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Boom()
    {
        try
        {
            throw new FormatException("the <cause> & its detail");
        }
        catch (FormatException cause)
        {
            throw new InvalidOperationException("Secret <b>state</b> went wrong", cause);
        }
    }

    [Test]
    public async Task Debug_UnhandledException_ShowsTheTracebackEscaped()
    {
        var (status, body) = await GetFailingPageAsync(debug: true);

        status.ShouldBe(500);
        body.ShouldContain("<h1>System.InvalidOperationException</h1>");
        body.ShouldContain("Traceback <em>(most recent call last)</em>");
        body.ShouldContain("System.InvalidOperationException: Secret &lt;b&gt;state&lt;/b&gt; went wrong");
        body.ShouldNotContain("<b>state</b>");
        body.ShouldContain(nameof(DebugErrorPageTests) + "." + nameof(Boom));
        body.ShouldContain("DebugErrorPageTests.cs\", line ");
    }

    [Test]
    public async Task Debug_UnhandledException_ShowsTheFailingSourceLine_WhenTheFileIsHere_AndTheRequest()
    {
        var (_, body) = await GetFailingPageAsync(debug: true);

        // The path the symbols give for this file: the real one in a local build, a mapped "/_/..." one in a
        // deterministic (CI) build, where the page can only name the file.
        var thisFile = new System.Diagnostics.StackTrace(fNeedFileInfo: true).GetFrame(0)?.GetFileName();
        thisFile.ShouldNotBeNull("the test assembly has no symbols");
        if (File.Exists(thisFile))
        {
            body.ShouldContain("throw new InvalidOperationException(&#34;Secret &lt;b&gt;state&lt;/b&gt; went wrong&#34;, cause);");
            body.ShouldMatch(@"(?s)&gt; +\d+  +throw new InvalidOperationException");
        }
        else
        {
            body.ShouldContain("File \"" + thisFile + "\", line ");
            body.ShouldNotContain("  &gt; ");
        }
        body.ShouldContain("GET /boom?x=1");
        body.ShouldContain("Host: 127.0.0.1:");
    }

    [Test]
    public async Task Debug_ChainedException_ShowsTheCauseFirst_AsPythonDoes()
    {
        var (_, body) = await GetFailingPageAsync(debug: true);

        var cause = body.IndexOf("System.FormatException: the &lt;cause&gt; &amp; its detail", StringComparison.Ordinal);
        var direct = body.IndexOf("The above exception was the direct cause of the following exception:", StringComparison.Ordinal);
        var error = body.IndexOf("System.InvalidOperationException: Secret", StringComparison.Ordinal);
        (cause >= 0 && direct > cause && error > direct).ShouldBeTrue($"cause at {cause}, link at {direct}, error at {error}");
    }

    [Test]
    public async Task NotDebug_UnhandledException_IsThePlain500_WithNothingOfTheException()
    {
        var (status, body) = await GetFailingPageAsync(debug: false);

        status.ShouldBe(500);
        body.ShouldContain("Internal Server Error");
        body.ShouldNotContain("Secret");
        body.ShouldNotContain("Traceback");
    }

    [Test]
    public async Task PropagateWithoutDebug_UnhandledException_IsThePlain500()
    {
        var (status, body) = await GetFailingPageAsync(debug: false, propagate: true);

        status.ShouldBe(500);
        body.ShouldNotContain("Secret");
        body.ShouldNotContain("Traceback");
    }
}
