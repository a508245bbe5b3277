using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroFlask.Health;

/// <summary>
/// Whether the app's session store answers: the store's own ping (Redis PING, SQL <c>SELECT 1</c>, Mongo ping,
/// memcached version, a probe file), under the store's operation timeout. Cookie sessions have no store: healthy.
/// </summary>
internal sealed class SessionStoreHealthCheck(App app) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Read at each check, not at registration: UseSessionStore may run after AddHealthChecks.
        if (app.SessionInterface is not ServerSideSessionInterface sessions)
            return HealthCheckResult.Healthy($"{app.SessionInterface.GetType().Name} keeps sessions without a store.");

        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sessions.Options.OperationTimeout);
        try
        {
            await sessions.Store.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{sessions.StoreName} answers.");
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"{sessions.StoreName} did not answer within {sessions.Options.OperationTimeout.TotalSeconds:0.###} s.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"{sessions.StoreName} is unavailable: {e.GetType().Name}: {e.Message}", e);
        }
    }
}
