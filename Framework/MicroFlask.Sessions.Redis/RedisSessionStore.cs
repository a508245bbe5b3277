using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Redis;

/// <summary>
/// Keeps each session in one Redis hash (the key is the id the session interface passes, its key prefix included;
/// one field per session key, holding the serialized value) with a TTL. A save clears, sets, removes and re-expires the
/// hash in a single step (one Lua script; a shorter one when it only sets keys), so concurrent requests on one
/// session merge per key instead of overwriting each other; counters go as deltas (HINCRBY: a tagged JSON integer is
/// plain decimal text, which is what HINCRBY reads and writes). Each save touches a single key, so it runs unchanged on
/// Redis Cluster.
/// </summary>
public sealed partial class RedisSessionStore : ISessionStore, ISynchronousSessionLoad
{
    // ARGV: [1] "1" to drop the hash first, [2] TTL in milliseconds, [3] how many fields to set, [4] how many to
    // increment, then the field/value pairs to set, the field/delta pairs to increment, and the fields to remove.
    // Redis runs a script without interleaving other commands, which is what makes the merge atomic. It does not
    // undo a script that fails halfway, so the counters are checked before anything is written (only a sum past
    // 64 bits, which HINCRBY refuses, can still stop a save with several counters after its first).
    private const string ApplyScript = """
        local key = KEYS[1]
        local setCount = tonumber(ARGV[3])
        local incrementCount = tonumber(ARGV[4])
        local first = 5 + setCount * 2
        if ARGV[1] == '1' then
          redis.call('DEL', key)
        else
          for j = first, first + incrementCount * 2 - 1, 2 do
            local current = redis.call('HGET', key, ARGV[j])
            if current and not string.match(current, '^%-?%d+$') then
              return redis.error_reply('session key ' .. ARGV[j] .. ' holds a value that is not an integer: Increment needs an integer value (or none)')
            end
          end
        end
        for j = first, first + incrementCount * 2 - 1, 2 do
          redis.call('HINCRBY', key, ARGV[j], ARGV[j + 1])
        end
        local i = 5
        for _ = 1, setCount do
          redis.call('HSET', key, ARGV[i], ARGV[i + 1])
          i = i + 2
        end
        i = first + incrementCount * 2
        while i <= #ARGV do
          redis.call('HDEL', key, ARGV[i])
          i = i + 1
        end
        redis.call('PEXPIRE', key, ARGV[2])
        return 1
        """;

    // The common save, keys set and nothing else: one HSET of every field and the expiry. ARGV: [1] TTL in
    // milliseconds, then the field/value pairs. A script rather than MULTI/EXEC: one reply instead of one per
    // command, which cost the client more than the Lua costs Redis (measured: 94-99 against 76-85 µs per request).
    private const string SetScript = """
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // unpack puts every argument on Lua's C stack, which holds about 8,000: a save of more fields takes the general script.
    private const int MaxFieldsForSetScript = 1000;

    private readonly Task<IConnectionMultiplexer> _connection;
    private readonly bool _ownsConnection;
    private readonly string _description;
    // The connection once it is open, for the synchronous load (which must not wait on _connection).
    private volatile IConnectionMultiplexer? _connected;

    /// <summary>Uses an existing connection (which the caller keeps and disposes).</summary>
    public RedisSessionStore(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _connection = Task.FromResult(redis);
        _connected = redis;
        _description = Describe(redis.GetEndPoints(configuredOnly: true));
    }

    /// <summary>
    /// Connects to <paramref name="configuration"/> ("127.0.0.1:6379", or a comma-separated list of cluster nodes,
    /// with any StackExchange.Redis option; or a URL as Flask-Session users write it, "redis://[[user]:password@]host[:port][/db]",
    /// "rediss://" for TLS). The connection is opened in the background and kept until disposal;
    /// a server that is down at start-up is retried rather than failing the app.
    /// </summary>
    public RedisSessionStore(string configuration)
        : this(configuration, operationTimeout: null)
    {
    }

    /// <summary>As <see cref="RedisSessionStore(string)"/>, with the driver's timeouts set to SESSION_STORE_TIMEOUT.</summary>
    internal RedisSessionStore(string configuration, TimeSpan? operationTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        // Parsing here makes a malformed string a start-up error rather than a 503 on every request.
        var options = RedisConnectionOptions.Create(configuration, operationTimeout);
        _connection = ConnectAsync(options);
        _ownsConnection = true;
        _description = Describe(options.EndPoints);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var database = await GetDatabaseAsync(cancellationToken);
        var entries = await database.HashGetAllAsync(id).WaitAsync(cancellationToken);
        // A hash with no fields does not exist in Redis, so "empty" and "missing or expired" are the same answer.
        if (entries.Length == 0) return null;
        var values = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries) values[entry.Name!] = entry.Value!;
        return values;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var database = await GetDatabaseAsync(cancellationToken);
        // PEXPIRE with zero or less deletes the key, which is right for a lifetime already over.
        var ttlMilliseconds = (long)Math.Ceiling(timeToLive.TotalMilliseconds);
        var onlySets = !changes.Cleared && changes.Increments.Count == 0 && changes.Removed.Count == 0;
        if (onlySets && changes.Set.Count == 0)
        {
            // Nothing changed but the expiry: one command is atomic by itself.
            await database.KeyExpireAsync(id, TimeSpan.FromMilliseconds(ttlMilliseconds)).WaitAsync(cancellationToken);
            return;
        }
        if (onlySets && changes.Set.Count <= MaxFieldsForSetScript)
        {
            var pairs = new RedisValue[1 + changes.Set.Count * 2];
            pairs[0] = ttlMilliseconds;
            var j = 1;
            foreach (var (field, value) in changes.Set)
            {
                pairs[j++] = field;
                pairs[j++] = value;
            }
            await database.ScriptEvaluateAsync(SetScript, [(RedisKey)id], pairs).WaitAsync(cancellationToken);
            return;
        }
        var arguments = new RedisValue[4 + changes.Set.Count * 2 + changes.Increments.Count * 2 + changes.Removed.Count];
        arguments[0] = changes.Cleared ? "1" : "0";
        arguments[1] = ttlMilliseconds;
        arguments[2] = changes.Set.Count;
        arguments[3] = changes.Increments.Count;
        var i = 4;
        foreach (var (field, value) in changes.Set)
        {
            arguments[i++] = field;
            arguments[i++] = value;
        }
        foreach (var (field, delta) in changes.Increments)
        {
            arguments[i++] = field;
            arguments[i++] = delta;
        }
        foreach (var field in changes.Removed) arguments[i++] = field;
        await database.ScriptEvaluateAsync(ApplyScript, [(RedisKey)id], arguments).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var database = await GetDatabaseAsync(cancellationToken);
        await database.KeyDeleteAsync(id).WaitAsync(cancellationToken);
    }

    /// <summary>Closes the connection when this store opened it; a connection passed in is left to its owner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsConnection) return;
        IConnectionMultiplexer connection;
        try
        {
            connection = await _connection;
        }
        catch (Exception) when (_connection.IsFaulted)
        {
            return; // never connected: nothing to close
        }
        await connection.DisposeAsync();
    }

    /// <summary>Sends PING to the server (the primary, in a cluster: a session lives there).</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        var database = await GetDatabaseAsync(cancellationToken);
        await database.PingAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Redis's key limit, 512 MB: no id a cookie can carry comes near it.</summary>
    public int MaxKeyBytes => 512 * 1024 * 1024;

    /// <summary>"redis" and the endpoints, as named in logs and 503 reasons.</summary>
    public override string ToString() => _description;

    // Endpoints only: the configuration string may hold a password, and this text goes to logs.
    private static string Describe(IEnumerable<System.Net.EndPoint> endpoints) =>
        "redis " + string.Join(",", endpoints.Select(EndPointCollection.ToString));

    private async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        // StackExchange.Redis commands take no token, so a cancelled request stops waiting (WaitAsync) but a
        // command already sent still runs; a script runs completely or not at all, so nothing is half-applied.
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _connection.WaitAsync(cancellationToken);
        return connection.GetDatabase();
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connected = connection;
        return connection;
    }

    /// <summary>Whether <see cref="ISynchronousSessionLoad.Load"/> can run: once the connection is open (until then, sessions load at open, asynchronously).</summary>
    bool ISynchronousSessionLoad.CanLoadSynchronously => _connected is not null;

    /// <inheritdoc />
    /// <remarks>StackExchange.Redis's synchronous HGETALL, bounded by its SyncTimeout (SESSION_STORE_TIMEOUT when the store made the connection).</remarks>
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id)
    {
        var connection = _connected ?? throw new InvalidOperationException($"The connection to {_description} is still being opened.");
        var entries = connection.GetDatabase().HashGetAll(id);
        // As LoadAsync: no fields means missing or expired.
        if (entries.Length == 0) return null;
        var values = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries) values[entry.Name!] = entry.Value!;
        return values;
    }
}
