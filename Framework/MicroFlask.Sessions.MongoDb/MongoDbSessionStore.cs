using System.Globalization;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MicroFlask.Sessions.MongoDb;

/// <summary>
/// Keeps each session in one MongoDB document: <c>{ _id: ObjectId, sid: id, data: { key: value, ... },
/// expiration: date }</c>, with a unique index on <c>sid</c> and a TTL index on <c>expiration</c>. A save is one
/// <c>updateOne</c> that <c>$set</c>s and <c>$unset</c>s only the keys the request changed, so concurrent requests
/// merge per key. Expired documents are ignored on read and swept by the store every <see cref="SweepInterval"/>, so
/// sessions go on time even where the TTL monitor is late (it runs once a minute) or missing; with
/// SESSION_CLEANUP_N_REQUESTS the session interface sweeps every N saves instead (<see cref="ISessionSweeper"/>).
/// </summary>
/// <remarks>
/// Values are tagged JSON strings, except counters: an incremented key is <c>$inc</c>remented, so it is stored as a
/// 64-bit integer, and read back as its decimal text (what the tagged JSON of an integer is). An integer set as a
/// string (any value saved before a first increment) is turned into a number once, by a conditional update on that
/// very string, and the <c>$inc</c> retried.
/// </remarks>
public sealed partial class MongoDbSessionStore : ISessionStore, ISessionSweeper
{
    /// <summary>SESSION_MONGODB_DB's default, as Flask-Session.</summary>
    public const string DefaultDatabase = "flask_session";

    /// <summary>SESSION_MONGODB_COLLECT's default, as Flask-Session.</summary>
    public const string DefaultCollection = "sessions";

    internal const string SidField = "sid";
    internal const string DataField = "data";
    internal const string ExpirationField = "expiration";

    // MongoDB's error codes for an index that exists with other options or under another name.
    private const int IndexOptionsConflict = 85;
    private const int IndexKeySpecsConflict = 86;

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;

    private readonly IMongoClient _client;
    private readonly bool _ownsClient;
    private readonly IMongoCollection<BsonDocument> _sessions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private volatile bool _indexesCreated;
    private long _nextSweepTicks;

    /// <summary>Uses an existing client (which the caller keeps and disposes).</summary>
    public MongoDbSessionStore(
        IMongoClient client,
        string database = DefaultDatabase,
        string collection = DefaultCollection,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(database);
        ArgumentException.ThrowIfNullOrEmpty(collection);
        _client = client;
        _sessions = client.GetDatabase(database).GetCollection<BsonDocument>(collection);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _nextSweepTicks = _timeProvider.GetUtcNow().UtcTicks;
    }

    /// <summary>
    /// Connects to <paramref name="connectionString"/> ("mongodb://127.0.0.1:27017"); the client is disposed with the
    /// store. Unless the string says otherwise, a server that cannot be found fails a request after 3 seconds.
    /// </summary>
    public MongoDbSessionStore(
        string connectionString,
        string database = DefaultDatabase,
        string collection = DefaultCollection,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
        : this(connectionString, operationTimeout: null, database, collection, timeProvider, logger)
    {
    }

    /// <summary>As the public constructor, with the driver's timeouts set to SESSION_STORE_TIMEOUT.</summary>
    internal MongoDbSessionStore(
        string connectionString,
        TimeSpan? operationTimeout,
        string database = DefaultDatabase,
        string collection = DefaultCollection,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
        : this(CreateClient(connectionString, operationTimeout), database, collection, timeProvider, logger)
    {
        _ownsClient = true;
    }

    /// <summary>
    /// How often a save also deletes every expired document; one minute by default. Off when the session interface sweeps
    /// every SESSION_CLEANUP_N_REQUESTS saves instead (<see cref="ServerSideSessionOptions.CleanupInterval"/>).
    /// </summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Set by <see cref="MongoDbSessionInterface"/> when it sweeps by count: one way of sweeping at a time.</summary>
    internal bool TimedSweepOff { get; set; }

    /// <summary>The collection the sessions are in (for inspection and maintenance).</summary>
    public IMongoCollection<BsonDocument> Collection => _sessions;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var document = await _sessions
            .Find(Filter.Eq(SidField, id) & Filter.Gt(ExpirationField, now))
            .Project(Builders<BsonDocument>.Projection.Include(DataField).Exclude("_id"))
            .FirstOrDefaultAsync(cancellationToken);
        if (document is null || !document.TryGetValue(DataField, out var data) || data is not BsonDocument fields) return null;
        // Like a Redis hash, a session without keys counts as missing.
        if (fields.ElementCount == 0) return null;
        var values = new Dictionary<string, string>(fields.ElementCount, StringComparer.Ordinal);
        foreach (var field in fields) values[MongoFieldName.Decode(field.Name)] = ValueText(field.Value);
        return values;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await EnsureIndexesAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var sid = Filter.Eq(SidField, id);
        var update = BuildUpdate(changes, now + timeToLive);

        // The usual case, one round trip: the session exists and has not expired. The server applies the
        // update to the document as it is now, so a key another request set meanwhile stays.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var live = await _sessions.UpdateOneAsync(sid & Filter.Gt(ExpirationField, now.UtcDateTime), update, cancellationToken: cancellationToken);
                if (live.MatchedCount == 0 && changes.Set.Count > 0) await CreateAsync(sid, update, now, cancellationToken);
                break;
            }
            // The update failed whole (one document's update is atomic): a counter is still a string. A request that
            // sets it as a string again in between is the rare case the few attempts are for.
            catch (MongoWriteException e) when (changes.Increments.Count > 0 && attempt < 3 && e.WriteError?.Category != ServerErrorCategory.DuplicateKey)
            {
                if (!await ConvertCountersAsync(sid, changes.Increments.Keys, cancellationToken)) throw;
            }
        }
        await SweepIfDueAsync(now, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        await _sessions.DeleteManyAsync(Filter.Eq(SidField, id), cancellationToken);
    }

    /// <summary>Runs the <c>ping</c> command on the sessions' database.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken) =>
        await _sessions.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    /// <summary>Deletes every expired session document now; returns how many there were.</summary>
    public async ValueTask<long> SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var result = await _sessions.DeleteManyAsync(Filter.Lte(ExpirationField, now), cancellationToken);
        return result.DeletedCount;
    }

    /// <summary>Disposes the client when this store created it; a client passed in is left to its owner.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ownsClient) _client.Dispose();
        _indexLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// 1,000 bytes for the indexed <c>sid</c>: MongoDB before 4.2 refuses an index entry of 1,024 bytes or more (its
    /// overhead included), and MongoDB-compatible servers may still, so the same ids work on all of them.
    /// </summary>
    public int MaxKeyBytes => 1000;

    /// <summary>"mongodb", the servers, the database and collection, as named in logs and 503 reasons.</summary>
    public override string ToString() =>
        $"mongodb {string.Join(",", _client.Settings.Servers)}/{_sessions.CollectionNamespace.FullName}";

    private async Task CreateAsync(FilterDefinition<BsonDocument> sid, UpdateDefinition<BsonDocument> update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A document past its expiry that nobody swept yet must not lend its old keys to the new session.
        await _sessions.DeleteManyAsync(sid & Filter.Lte(ExpirationField, now.UtcDateTime), cancellationToken);
        // An explicit ObjectId: some MongoDB-compatible servers do not make one on upsert.
        var insert = Update.Combine(update, Update.SetOnInsert("_id", ObjectId.GenerateNewId()));
        try
        {
            await _sessions.UpdateOneAsync(sid, insert, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // Another request created the session between our two steps: merge into its document instead.
            await _sessions.UpdateOneAsync(sid, update, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Turns each counter stored as the text of an integer into that integer, so that <c>$inc</c> applies to it; false
    /// when none was a string (the update failed for another reason).
    /// </summary>
    /// <exception cref="InvalidOperationException">A counter holds a value that is not an integer.</exception>
    private async Task<bool> ConvertCountersAsync(FilterDefinition<BsonDocument> sid, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var document = await _sessions.Find(sid).Project(Builders<BsonDocument>.Projection.Include(DataField)).FirstOrDefaultAsync(cancellationToken);
        if (document is null || !document.TryGetValue(DataField, out var data) || data is not BsonDocument fields) return false;
        var converted = false;
        foreach (var key in keys)
        {
            var field = MongoFieldName.Encode(key);
            if (!fields.TryGetValue(field, out var value) || value.IsNumeric) continue;
            // Anything but a string is no session value: the parse's error names the key either way.
            var number = SessionChanges.ParseCounter(key, value.IsString ? value.AsString : "a BSON " + value.BsonType);
            // Only if it is still that very string: a value another request wrote since is left to the retry to judge.
            await _sessions.UpdateOneAsync(sid & Filter.Eq(DataField + "." + field, value.AsString), Update.Set(DataField + "." + field, new BsonInt64(number)), cancellationToken: cancellationToken);
            converted = true;
        }
        return converted;
    }

    /// <summary>A stored value as the session interface reads it: the tagged JSON text, or a counter's decimal text.</summary>
    private static string ValueText(BsonValue value) => value.BsonType switch
    {
        BsonType.Int64 => value.AsInt64.ToString(CultureInfo.InvariantCulture),
        BsonType.Int32 => value.AsInt32.ToString(CultureInfo.InvariantCulture),
        // A MongoDB-compatible server written in JavaScript may hand a large counter back as a double.
        BsonType.Double when double.IsInteger(value.AsDouble) => ((long)value.AsDouble).ToString(CultureInfo.InvariantCulture),
        _ => value.AsString,
    };

    private static UpdateDefinition<BsonDocument> BuildUpdate(SessionChanges changes, DateTimeOffset expiration)
    {
        var parts = new List<UpdateDefinition<BsonDocument>> { Update.Set(ExpirationField, expiration.UtcDateTime) };
        if (changes.Cleared)
        {
            // Replacing the whole subdocument is the clear; removed keys are gone with it.
            var data = new BsonDocument();
            foreach (var (key, value) in changes.Set) data[MongoFieldName.Encode(key)] = value;
            parts.Add(Update.Set(DataField, data));
            return Update.Combine(parts);
        }
        foreach (var (key, value) in changes.Set) parts.Add(Update.Set(DataField + "." + MongoFieldName.Encode(key), value));
        foreach (var key in changes.Removed) parts.Add(Update.Unset(DataField + "." + MongoFieldName.Encode(key)));
        // Applied by the server to the value it holds now: concurrent increments all count.
        foreach (var (key, delta) in changes.Increments) parts.Add(Update.Inc(DataField + "." + MongoFieldName.Encode(key), delta));
        return Update.Combine(parts);
    }

    private async ValueTask SweepIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (TimedSweepOff) return;
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due) return;
        // One request wins the sweep; the others carry on.
        if (Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due) return;
        try
        {
            var swept = await SweepExpiredAsync(cancellationToken);
            if (swept > 0) _logger.LogDebug("Swept {Count} expired sessions from {Store}", swept, this);
        }
        catch (MongoException e)
        {
            // The request's own save succeeded; a failed sweep only waits for the next one.
            _logger.LogWarning(e, "Sweeping expired sessions from {Store} failed: {Reason}", this, e.Message);
        }
    }

    private async ValueTask EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexesCreated) return;
        await _indexLock.WaitAsync(cancellationToken);
        try
        {
            if (_indexesCreated) return;
            try
            {
                // expireAfterSeconds 0: the TTL monitor removes a document once the date in "expiration" has passed.
                await _sessions.Indexes.CreateManyAsync(
                    [
                        new CreateIndexModel<BsonDocument>(
                            Builders<BsonDocument>.IndexKeys.Ascending(SidField),
                            new CreateIndexOptions { Unique = true, Name = "sid_unique" }),
                        new CreateIndexModel<BsonDocument>(
                            Builders<BsonDocument>.IndexKeys.Ascending(ExpirationField),
                            new CreateIndexOptions { ExpireAfter = TimeSpan.Zero, Name = "expiration_ttl" }),
                    ],
                    cancellationToken);
            }
            catch (MongoCommandException e) when (e.Code is IndexOptionsConflict or IndexKeySpecsConflict)
            {
                // An index on the same field made by someone else (another name or options): use it rather than
                // failing every request; reads filter on expiration and the sweep removes expired documents anyway.
                _logger.LogWarning("Session collection {Store} already has a different index on sid or expiration: {Reason}", this, e.Message);
            }
            // Only once it worked: a server that was down at the first request gets its indexes later.
            _indexesCreated = true;
        }
        finally
        {
            _indexLock.Release();
        }
    }

    /// <summary>A client for <paramref name="connectionString"/> whose waits end with <paramref name="operationTimeout"/> (3 s when null) unless the string sets them.</summary>
    private static IMongoClient CreateClient(string connectionString, TimeSpan? operationTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsing here makes a malformed string a start-up error rather than a 503 on every request.
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        var timeout = operationTimeout ?? TimeSpan.FromSeconds(3);
        if (!connectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase)) settings.ServerSelectionTimeout = timeout;
        if (!connectionString.Contains("connectTimeoutMS", StringComparison.OrdinalIgnoreCase)) settings.ConnectTimeout = timeout;
        // A frozen server keeps the socket open and never answers: only a read timeout ends the wait in the driver.
        if (!connectionString.Contains("socketTimeoutMS", StringComparison.OrdinalIgnoreCase)) settings.SocketTimeout = timeout;
        return new MongoClient(settings);
    }
}
