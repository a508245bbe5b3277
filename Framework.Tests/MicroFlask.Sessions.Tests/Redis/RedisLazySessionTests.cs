using System.Globalization;
using MicroFlask.Sessions.Redis;
using MicroFlask.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroFlask.Sessions.Tests.Redis;

/// <summary>
/// Requests that never touch the session (a static file, a health check, a JSON API), each sending a valid session
/// cookie, measured by what a redis-server of the test's own saw (INFO commandstats): not a single command.
/// </summary>
[External]
[TestFixture]
[NonParallelizable]
public sealed class RedisLazySessionTests
{
    private const int Requests = 1000;
    private DedicatedRedisServer _server = null!;
    private StaticFolderFixture _files = null!;
    private App _app = null!;
    private Testing.TestClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await DedicatedRedisServer.StartAsync();
        _files = new StaticFolderFixture();
        _app = _files.CreateApp(app =>
        {
            app.SessionInterface = new RedisSessionInterface(_server.Configuration, keyPrefix: "lazy:");
            // A liveness check of the app's own: the store's ping would be a command per request by design.
            app.ConfigureServices(services => services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy()));
            app.AddHealthRoute("/healthz");
            app.Route("/api/status", () => new Dictionary<string, object?> { ["status"] = "ok" });
            SessionTestApp.AddViews(app, new SessionTestApp.Gates());
        });
        _client = _app.TestClient();
        (await _client.GetAsync("/set/user/alice")).StatusCode.ShouldBe(200);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _files?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    [Test]
    public async Task UntouchedRequests_WithASessionCookie_SendRedisNoCommand()
    {
        // A route that touches the session is learned (and loaded ahead from then on): the others stay lazy all the same.
        (await _client.GetAsync("/get/user")).Text.ShouldBe("alice");
        await _server.CliAsync("config", "resetstat");
        string[] paths = ["/static/hello.txt", "/healthz", "/api/status"];
        for (var i = 0; i < Requests; i++)
        {
            var response = await _client.GetAsync(paths[i % paths.Length]);
            response.StatusCode.ShouldBe(200, paths[i % paths.Length]);
        }

        var calls = await SessionCommandCallsAsync();

        calls.ShouldBeEmpty();
    }

    [Test]
    public async Task UntouchedRequests_WithASessionCookie_SetNoCookie()
    {
        foreach (var path in new[] { "/static/hello.txt", "/healthz", "/api/status" })
            (await _client.GetAsync(path)).GetCookie("session").ShouldBeNull(path);
    }

    [Test]
    public async Task TouchedRequests_LoadOnceEach_AsTheSameMeasureCounts()
    {
        // The measure sees what a touch costs, so that the zero above is not a counter that counts nothing; and a route
        // learned by its first touch, loaded ahead from the second request on, still loads once per request, not twice.
        await _server.CliAsync("config", "resetstat");
        for (var i = 0; i < 10; i++) (await _client.GetAsync("/keys")).Text.ShouldBe("user");

        var calls = await SessionCommandCallsAsync();

        calls.GetValueOrDefault("hgetall").ShouldBe(10);
    }

    /// <summary>Calls per command since the last reset, from INFO commandstats, without the test's own INFO and CONFIG.</summary>
    private async Task<Dictionary<string, long>> SessionCommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in (await _server.CliAsync("info", "commandstats")).Split('\n'))
        {
            // cmdstat_hgetall:calls=10,usec=...
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var name = line["cmdstat_".Length..line.IndexOf(':', StringComparison.Ordinal)];
            if (name == "info" || name.StartsWith("config", StringComparison.Ordinal)) continue;
            var count = line.Split(':', 2)[1].Split(',')[0]["calls=".Length..];
            calls[name] = long.Parse(count, CultureInfo.InvariantCulture);
        }
        return calls;
    }
}
