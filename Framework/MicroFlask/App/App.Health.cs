using System.Diagnostics;
using MicroFlask.Health;
using MicroFlask.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Adds a health endpoint for load balancers and orchestrators: <c>app.AddHealthRoute("/healthz")</c> answers
    /// 200 "Healthy" (or "Degraded"), or 503 "Unhealthy" with each failing check and its reason, never cached. It runs
    /// the checks registered with <c>services.AddHealthChecks()</c> in <see cref="ConfigureServices"/>, or, when
    /// there are none, the session store's ping alone.
    /// </summary>
    public Rule AddHealthRoute(string rule = "/healthz", string endpoint = "healthz") =>
        AddUrlRule(rule, endpoint, (Func<CancellationToken, Task<Response>>)CheckHealthAsync, ["GET"]);

    private async Task<Response> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var report = Services?.GetService<HealthCheckService>() is { } service
            ? await service.CheckHealthAsync(cancellationToken)
            : await CheckSessionStoreAsync(cancellationToken);

        var lines = new List<string> { report.Status.ToString() };
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy) lines.Add($"{name}: {entry.Status}: {entry.Description}");
        }
        // ASP.NET Core's health checks middleware answers the same codes: a degraded app still serves.
        var response = new Response(string.Join('\n', lines) + "\n", report.Status == HealthStatus.Unhealthy ? 503 : 200, "text/plain; charset=utf-8");
        response.Headers.Set("Cache-Control", "no-store, no-cache");
        return response;
    }

    private async Task<HealthReport> CheckSessionStoreAsync(CancellationToken cancellationToken)
    {
        var registration = new HealthCheckRegistration("microflask-session-store", new SessionStoreHealthCheck(this), HealthStatus.Unhealthy, null);
        var started = Stopwatch.GetTimestamp();
        var result = await registration.Factory(null!).CheckHealthAsync(new HealthCheckContext { Registration = registration }, cancellationToken);
        var duration = Stopwatch.GetElapsedTime(started);
        var entry = new HealthReportEntry(result.Status, result.Description, duration, result.Exception, result.Data);
        return new HealthReport(new Dictionary<string, HealthReportEntry> { [registration.Name] = entry }, duration);
    }
}
