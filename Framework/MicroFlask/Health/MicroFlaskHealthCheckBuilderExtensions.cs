using MicroFlask;
using MicroFlask.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// In the namespace of AddHealthChecks itself, as ASP.NET Core's own checks are, so that no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

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
