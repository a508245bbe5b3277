namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// A <see cref="ISessionStore"/> whose driver can also load a session synchronously, through a genuinely blocking call of
/// its own (a file read, ADO.NET's <c>ExecuteScalar</c>, a StackExchange.Redis command bounded by its SyncTimeout,
/// <c>IDistributedCache.Get</c>), never by waiting on a task. Such a store is lazy: the session interface loads a session
/// only when a view or hook first touches it, so a request that never does (a static file, a health check, a JSON API)
/// costs no round trip. A store without it loads every session with a cookie when the request starts.
/// </summary>
public interface ISynchronousSessionLoad
{
    /// <summary>
    /// Whether <see cref="Load"/> can run now. False while the store is not ready for it (a connection still being
    /// opened, a table not yet created): the session of that request is then loaded eagerly, asynchronously, at open.
    /// </summary>
    bool CanLoadSynchronously => true;

    /// <summary>
    /// The stored entries of session <paramref name="id"/>, or null when it is missing or expired: what
    /// <see cref="ISessionStore.LoadAsync"/> answers, in a call bounded by the driver's own timeout.
    /// </summary>
    IReadOnlyDictionary<string, string>? Load(string id);
}
