using MicroFlask.Health;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroFlask.Tests.Health;

public class HealthTests
{
    [Test]
    public async Task HealthRoute_CookieSessions_Is200Healthy()
    {
        var app = TestApp.Create();
        app.AddHealthRoute("/healthz");

        var response = await app.TestClient().GetAsync("/healthz");

        (response.StatusCode, response.Text, response.Headers["Cache-Control"]).ShouldBe((200, "Healthy\n", "no-store, no-cache"));
    }

    [Test]
    public async Task HealthRoute_StoreDown_Is503WithTheReason()
    {
        var app = TestApp.Create();
        app.SessionInterface = new ServerSideSessionInterface(new SessionStoreTelemetryTests.FailingStore(), storeName: "failing test store");
        app.AddHealthRoute("/healthz");

        var response = await app.TestClient().GetAsync("/healthz");

        (response.StatusCode, response.Text).ShouldBe((503,
            "Unhealthy\nmicroflask-session-store: Unhealthy: failing test store is unavailable: IOException: connection refused\n"));
    }

    [Test]
    public async Task HealthRoute_WithRegisteredHealthChecks_RunsThemAll()
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddHealthChecks()
            .AddMicroFlaskSessionStore(app)
            .AddCheck("disk", () => HealthCheckResult.Unhealthy("disk full")));
        app.AddHealthRoute("/healthz");

        var response = await app.TestClient().GetAsync("/healthz");

        (response.StatusCode, response.Text).ShouldBe((503, "Unhealthy\ndisk: Unhealthy: disk full\n"));
    }

    [Test]
    public async Task AddMicroFlaskSessionStore_StoreDown_ReportsTheRegistrationsFailureStatus()
    {
        var app = TestApp.Create();
        app.SessionInterface = new ServerSideSessionInterface(new SessionStoreTelemetryTests.FailingStore(), storeName: "failing test store");
        await using var services = new ServiceCollection().AddLogging()
            .AddHealthChecks().AddMicroFlaskSessionStore(app, failureStatus: HealthStatus.Degraded).Services.BuildServiceProvider();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        (report.Status, report.Entries["microflask-session-store"].Description).ShouldBe(
            (HealthStatus.Degraded, "failing test store is unavailable: IOException: connection refused"));
    }

    [Test]
    public async Task AddMicroFlaskSessionStore_MemoryStore_IsHealthy()
    {
        var app = TestApp.Create();
        app.SessionInterface = new MemorySessionInterface();
        await using var services = new ServiceCollection().AddLogging().AddHealthChecks().AddMicroFlaskSessionStore(app).Services.BuildServiceProvider();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Status.ShouldBe(HealthStatus.Healthy);
    }
}
