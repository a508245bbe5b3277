using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The start-up check that a store answers: one bounded call, a warning naming the store when it fails. Never a failure:
/// a store that is down at start-up may be up by the first request, and the requests report it (503) until then.
/// </summary>
internal static class SessionStoreProbe
{
    internal static Task WarnIfUnreachableAsync(ServerSideSessionInterface sessions, ILogger logger) =>
        Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(sessions.Options.OperationTimeout);
            try
            {
                // The store's own health ping, as the health check sends: one round trip that reads and writes no session.
                await sessions.Store.PingAsync(timeout.Token);
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
