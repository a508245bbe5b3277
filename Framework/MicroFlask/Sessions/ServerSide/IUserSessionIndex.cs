namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Optional, next to <see cref="ISessionStore"/>: a store that finds the sessions of one user in its own way (a Redis set
/// per user, an indexed SQL column, an indexed MongoDB field), for <see cref="UserSessions"/>. A store without it still
/// supports <see cref="UserSessions"/>: the session interface then keeps each user's list as one more entry of the store
/// itself, merged like a session.
/// </summary>
/// <remarks>
/// Ids are the store's keys (the key prefix included), as in <see cref="ISessionStore"/>; <c>userKey</c> is made by the
/// session interface from the prefix and a hash of the user (never a valid session id). The index may keep ids of
/// sessions that have expired or moved to another user since: the session interface checks each one it finds and
/// removes the stale ones.
/// </remarks>
public interface IUserSessionIndex
{
    /// <summary>Records that session <paramref name="id"/> belongs to <paramref name="userKey"/>, for at least <paramref name="timeToLive"/>.</summary>
    ValueTask AddAsync(string userKey, string id, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="ids"/> for <paramref name="userKey"/>; no error for an id it does not hold.</summary>
    ValueTask RemoveAsync(string userKey, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The ids recorded for <paramref name="userKey"/>, stale ones possibly included.</summary>
    ValueTask<IReadOnlyCollection<string>> FindAsync(string userKey, CancellationToken cancellationToken);
}
