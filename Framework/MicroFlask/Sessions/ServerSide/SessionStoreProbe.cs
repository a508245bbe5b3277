using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The start-up check that a store answers: one bounded call, a warning naming the store when it fails. Never a failure:
/// a store that is down at start-up may be up by the first request, and the requests report it (503) until then.
/// </summary>
/// <remarks>
/// The check runs in the background but belongs to the app: <see cref="App.DisposeAsync"/> stops it
/// (its <c>stopping</c> token) and waits for it before closing the store, so that nothing it does (the filesystem
/// store's probe file) outlives the app.
/// </remarks>
internal static class SessionStoreProbe
{
    internal static Task WarnIfUnreachableAsync(ServerSideSessionInterface sessions, ILogger logger, CancellationToken stopping) =>
        Task.Run(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(sessions.Options.OperationTimeout);
            try
            {
                // The store's own health ping, as the health check sends: one round trip that reads and writes no session.
                await sessions.Store.PingAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The app is being disposed: the check no longer matters.
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
        }, CancellationToken.None);
}
