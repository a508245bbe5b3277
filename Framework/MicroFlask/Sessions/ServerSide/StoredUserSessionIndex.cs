namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The user index of a store with no index of its own (memory, files, memcached, DynamoDB, IDistributedCache): one more
/// entry of the store, at the user's key, whose keys are the ids of the user's sessions. It is saved with the store's own
/// merge, so two logins at once both stay listed wherever sessions merge (not on IDistributedCache, last write wins).
/// </summary>
/// <remarks>
/// The entry lives as long as the newest session that refreshed it. Where the store may drop an entry early
/// (memcached's LRU, a cache's eviction), sessions saved before the drop are no longer listed nor revoked, until they are
/// saved again.
/// </remarks>
internal sealed class StoredUserSessionIndex(ISessionStore store, TimeSpan timeToLive) : IUserSessionIndex
{
    private const string Member = "1";

    public ValueTask AddAsync(string userKey, string id, TimeSpan entryTimeToLive, CancellationToken cancellationToken) =>
        store.ApplyAsync(userKey, new SessionChanges(false, new Dictionary<string, string> { [id] = Member }, []), entryTimeToLive, cancellationToken);

    public ValueTask RemoveAsync(string userKey, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        store.ApplyAsync(userKey, new SessionChanges(false, new Dictionary<string, string>(), ids), timeToLive, cancellationToken);

    public async ValueTask<IReadOnlyCollection<string>> FindAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = await store.LoadAsync(userKey, cancellationToken);
        return entries is null ? [] : entries.Keys.ToArray();
    }
}
