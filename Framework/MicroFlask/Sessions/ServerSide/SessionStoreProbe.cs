using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The start-up check that a store answers: one bounded call, a warning naming the store when it fails. Never a failure:
/// a store that is down at start-up may be up by the first request, and the requests report it (503) until then.
/// </summary>
internal static class SessionStoreProbe
{
    // A key no session has: the probe reads nothing and writes nothing.
    private const string ProbeId = "microflask-startup-probe";

    internal static Task WarnIfUnreachableAsync(ServerSideSessionInterface sessions, ILogger logger) =>
        Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(sessions.Options.OperationTimeout);
            try
            {
                // The one place the ping is made: a load of a missing key is a round trip on every store.
                // (When ISessionStore gets a PingAsync, call it here instead.)
                await sessions.Store.LoadAsync(sessions.Options.KeyPrefix + ProbeId, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                SessionConfigLog.StoreUnreachable(logger, sessions.StoreName, $"no answer within {sessions.Options.OperationTimeout.TotalSeconds:0.###} s");
            }
            catch (ObjectDisposedException)
            {
                // The app was disposed before the check finished: nothing left to warn about.
            }
            catch (Exception e)
            {
                SessionConfigLog.StoreUnreachable(logger, sessions.StoreName, e.GetType().Name + ": " + e.Message);
            }
        });
}
