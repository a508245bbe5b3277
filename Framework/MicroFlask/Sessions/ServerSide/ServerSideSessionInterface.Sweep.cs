namespace MicroFlask.Sessions.ServerSide;

// The sweep of expired sessions (SESSION_CLEANUP_N_REQUESTS), for stores that need one (ISessionSweeper). Flask-Session
// draws a random number on each request (one in N+1 on average); here every Nth save sweeps, the same rate, counted so
// that the rate is exact and a test can tell. The request that sweeps has already saved: the sweep only adds its time.
public partial class ServerSideSessionInterface
{
    private long _savesSinceStart;
    private int _sweeping;
    private int _sweepFailing;

    /// <summary>Saves between two sweeps of expired sessions: SESSION_CLEANUP_N_REQUESTS, else the store's default; 0 never.</summary>
    internal int CleanupInterval => Store is ISessionSweeper sweeper ? Options.CleanupInterval ?? sweeper.DefaultCleanupInterval : 0;

    /// <summary>Sweeps when this save is the Nth since the last sweep; never throws.</summary>
    private async ValueTask SweepIfDueAsync(App app)
    {
        if (Store is not ISessionSweeper sweeper || CleanupInterval is not (> 0 and var every)) return;
        if (Interlocked.Increment(ref _savesSinceStart) % every != 0) return;
        // One sweep at a time: another save that comes due meanwhile leaves it to the running one.
        if (Interlocked.Exchange(ref _sweeping, 1) == 1) return;
        using var timeout = new CancellationTokenSource(Options.OperationTimeout);
        Task<long>? running = null;
        try
        {
            running = sweeper.SweepExpiredAsync(timeout.Token).AsTask();
            await running.WaitAsync(Options.OperationTimeout, CancellationToken.None);
            if (Interlocked.Exchange(ref _sweepFailing, 0) == 1) ServerSideSessionLog.SweepRecovered(app.Logger, StoreName);
        }
        catch (Exception e)
        {
            Abandon(running, timeout);
            // Once per run of failures: a store that is down is reported by the requests themselves (503).
            if (Interlocked.Exchange(ref _sweepFailing, 1) == 0)
            {
                var reason = e is OperationCanceledException or TimeoutException
                    ? $"no answer within {Options.OperationTimeout.TotalSeconds:0.###} s"
                    : e.GetType().Name + ": " + e.Message;
                ServerSideSessionLog.SweepFailed(app.Logger, StoreName, reason);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
