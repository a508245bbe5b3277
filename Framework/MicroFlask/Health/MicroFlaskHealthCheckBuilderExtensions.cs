using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroFlask.Health;

/// <summary>Adds MicroFlask's health checks to <c>services.AddHealthChecks()</c>.</summary>
public static class MicroFlaskHealthCheckBuilderExtensions
{
    /// <summary>
    /// Checks that <paramref name="app"/>'s session store answers (a real ping, under the store's timeout):
    /// <c>services.AddHealthChecks().AddMicroFlaskSessionStore(app)</c>. Cookie sessions are always healthy.
    /// </summary>
    public static IHealthChecksBuilder AddMicroFlaskSessionStore(
        this IHealthChecksBuilder builder, App app, string name = "microflask-session-store",
        HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(app);
        return builder.Add(new HealthCheckRegistration(name, new SessionStoreHealthCheck(app), failureStatus, tags));
    }
}
