using MicroFlask.Sessions;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask;

public partial class App : IAsyncDisposable
{
    // What the app itself created and so must close: the stores UseSessionStore built. A store or session interface
    // the user set is the user's to dispose.
    private readonly List<IAsyncDisposable> _created = [];

    // Stops what the app runs in the background (the start-up store check) when it is disposed.
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>
    /// Closes what the app created: the session stores that <see cref="UseSessionStore"/> built (their connections
    /// and clients), never a store, client or session interface you passed in. <see cref="RunAsync(string, int, CancellationToken)"/> calls it once
    /// the server has stopped.
    /// </summary>
    /// <exception cref="AggregateException">A store failed to close; every other store was still closed.</exception>
    public async ValueTask DisposeAsync()
    {
        // The start-up check may still be using the store (the filesystem store's probe file): stopped and finished
        // first, so that nothing of it runs against a closed store or outlives the app. It never throws.
        await _disposing.CancelAsync();
        await SessionStoreCheck;

        IAsyncDisposable[] created;
        lock (_created)
        {
            created = [.. _created];
            _created.Clear();
        }

        List<Exception>? failures = null;
        foreach (var resource in created)
        {
            try
            {
                await resource.DisposeAsync();
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }
        GC.SuppressFinalize(this);
        if (failures is not null) throw new AggregateException("A session store failed to close when the app was disposed.", failures);
    }

    /// <summary>Marks what <paramref name="sessions"/> holds as the app's to close.</summary>
    private void DisposeWithApp(SessionInterface sessions)
    {
        IAsyncDisposable? resource = sessions switch
        {
            IAsyncDisposable disposable => disposable,
            ServerSideSessionInterface serverSide => serverSide.Store,
            _ => null,
        };
        if (resource is null) return;
        lock (_created) _created.Add(resource);
    }
}
