namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Where a server-side session's data lives (Redis, SQL, files...). Flask-Session's three primitives
/// (retrieve, upsert, delete), except that a save sends only what the request changed, so that each store
/// can merge it atomically into the latest stored version and concurrent requests keep each other's writes.
/// Values arrive already serialized (tagged JSON text, one string per session key).
/// </summary>
/// <remarks>
/// <see cref="IAsyncDisposable.DisposeAsync"/> releases what the store itself opened (a connection, a client made from a
/// connection string), never a client the caller passed in. Stores that <see cref="App.UseSessionStore"/> builds are
/// disposed with the app.
/// </remarks>
public interface ISessionStore : IAsyncDisposable
{
    /// <summary>The stored entries of session <paramref name="id"/>, or null when it is missing or expired.</summary>
    ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> to session <paramref name="id"/> (creating it if needed) in one atomic step,
    /// and sets its expiry to now + <paramref name="timeToLive"/>. Empty changes only refresh the expiry.
    /// </summary>
    ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Removes session <paramref name="id"/>; no error when it is not there.</summary>
    ValueTask DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The longest id (in UTF-8 bytes, key prefix included) this store can hold; no limit unless a store says so.
    /// The session interface treats a cookie whose id would not fit as malformed (a new session), and refuses at
    /// start-up a SESSION_KEY_PREFIX that leaves no room for its own ids.
    /// </summary>
    int MaxKeyBytes => int.MaxValue;

    /// <summary>
    /// Checks that the store answers (a Redis PING, a SQL <c>SELECT 1</c>...), for health checks; throws when it does
    /// not. A store with nothing to reach (memory) is always healthy, the default.
    /// </summary>
    ValueTask PingAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// The server that holds <paramref name="id"/>, for a store spread over several servers that fail one by one
    /// (memcached's ring): null, the default, when the store is one whole. An outage is then logged and ended per server.
    /// </summary>
    string? ServerOf(string id) => null;
}
