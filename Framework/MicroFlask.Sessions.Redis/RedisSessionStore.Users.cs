using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Redis;

// A user's sessions: one Redis set per user holding the keys of their sessions, expiring with the newest of them. Each
// command touches that one key, so it runs on Redis Cluster too, where the set and the sessions are in different slots
// (which is also why a session's save and its set are two steps, not one script).
public sealed partial class RedisSessionStore : IUserSessionIndex
{
    // Adds the member and moves the expiry forward, never back (PTTL is -1 for a set just made).
    private const string AddScript = """
        redis.call('SADD', KEYS[1], ARGV[1])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 1
        """;

    /// <summary>SADD to the user's set, whose expiry moves forward to <paramref name="timeToLive"/> from now if that is later.</summary>
    async ValueTask IUserSessionIndex.AddAsync(string userKey, string id, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var database = await GetDatabaseAsync(cancellationToken);
        await database.ScriptEvaluateAsync(AddScript, [(RedisKey)userKey], [id, (long)Math.Ceiling(timeToLive.TotalMilliseconds)]).WaitAsync(cancellationToken);
    }

    /// <summary>SREM from the user's set.</summary>
    async ValueTask IUserSessionIndex.RemoveAsync(string userKey, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        var database = await GetDatabaseAsync(cancellationToken);
        await database.SetRemoveAsync(userKey, ids.Select(id => (RedisValue)id).ToArray()).WaitAsync(cancellationToken);
    }

    /// <summary>SMEMBERS of the user's set.</summary>
    async ValueTask<IReadOnlyCollection<string>> IUserSessionIndex.FindAsync(string userKey, CancellationToken cancellationToken)
    {
        var database = await GetDatabaseAsync(cancellationToken);
        var members = await database.SetMembersAsync(userKey).WaitAsync(cancellationToken);
        return members.Select(member => member.ToString()).ToArray();
    }
}
