using MicroFlask.Sessions.ServerSide;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MicroFlask.Sessions.MongoDb;

// A user's sessions: the field "user" of the sessions' own documents, with an index made on the first use of users'
// sessions. A save's $set and $unset touch only "data" and "expiration", so the field stays until the user changes.
public sealed partial class MongoDbSessionStore : IUserSessionIndex
{
    internal const string UserField = "user";

    private volatile bool _userIndexCreated;

    /// <summary>Sets the document's <c>user</c>; the document's own expiry is the index entry's.</summary>
    async ValueTask IUserSessionIndex.AddAsync(string userKey, string id, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await EnsureUserIndexAsync(cancellationToken);
        await _sessions.UpdateOneAsync(Filter.Eq(SidField, id), Update.Set(UserField, userKey), cancellationToken: cancellationToken);
    }

    /// <summary>Unsets <c>user</c> on those documents that still name this user.</summary>
    async ValueTask IUserSessionIndex.RemoveAsync(string userKey, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        await EnsureUserIndexAsync(cancellationToken);
        await _sessions.UpdateManyAsync(Filter.In(SidField, ids) & Filter.Eq(UserField, userKey), Update.Unset(UserField), cancellationToken: cancellationToken);
    }

    /// <summary>The ids of the live documents of this user, by the index on <c>user</c>.</summary>
    async ValueTask<IReadOnlyCollection<string>> IUserSessionIndex.FindAsync(string userKey, CancellationToken cancellationToken)
    {
        await EnsureUserIndexAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var documents = await _sessions
            .Find(Filter.Eq(UserField, userKey) & Filter.Gt(ExpirationField, now))
            .Project(Builders<BsonDocument>.Projection.Include(SidField).Exclude("_id"))
            .ToListAsync(cancellationToken);
        return documents.Select(d => d[SidField].AsString).ToArray();
    }

    private async ValueTask EnsureUserIndexAsync(CancellationToken cancellationToken)
    {
        if (_userIndexCreated) return;
        try
        {
            // Sparse: the sessions of nobody (most of them, on many sites) take no room in it.
            await _sessions.Indexes.CreateOneAsync(
                new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending(UserField), new CreateIndexOptions { Sparse = true, Name = "user" }),
                cancellationToken: cancellationToken);
        }
        catch (MongoCommandException e) when (e.Code is IndexOptionsConflict or IndexKeySpecsConflict)
        {
            // Someone made an index on "user" with other options: it serves the same lookups.
        }
        _userIndexCreated = true;
    }
}
