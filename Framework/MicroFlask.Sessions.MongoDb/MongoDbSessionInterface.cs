using MicroFlask.Sessions.ServerSide;
using MongoDB.Driver;

namespace MicroFlask.Sessions.MongoDb;

/// <summary>
/// Server-side sessions in MongoDB (Flask-Session's <c>MongoDBSessionInterface</c>): the cookie carries the session
/// id, the data lives in a <see cref="MongoDbSessionStore"/>. Set it directly or let <c>app.UseSessionStore()</c> build
/// it from SESSION_TYPE "mongodb", SESSION_MONGODB, SESSION_MONGODB_DB and SESSION_MONGODB_COLLECT.
/// </summary>
public class MongoDbSessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in <paramref name="client"/>'s <paramref name="database"/>.<paramref name="collection"/>.</summary>
    /// <param name="client">A client the caller keeps and disposes.</param>
    /// <param name="database">SESSION_MONGODB_DB.</param>
    /// <param name="collection">SESSION_MONGODB_COLLECT.</param>
    /// <param name="keyPrefix">Put before each session id to form its <c>sid</c>; overrides <paramref name="options"/>' prefix.</param>
    /// <param name="options">Id length, signing, permanence, timeout; Flask-Session's defaults when null.</param>
    public MongoDbSessionInterface(
        IMongoClient client,
        string database = MongoDbSessionStore.DefaultDatabase,
        string collection = MongoDbSessionStore.DefaultCollection,
        string? keyPrefix = null,
        ServerSideSessionOptions? options = null)
        : this(new MongoDbSessionStore(client, database, collection), keyPrefix, options)
    {
    }

    /// <summary>Sessions in the MongoDB at <paramref name="connectionString"/>; the store creates and owns the client.</summary>
    /// <inheritdoc cref="MongoDbSessionInterface(IMongoClient, string, string, string?, ServerSideSessionOptions?)" path="/param[@name!='client']"/>
    public MongoDbSessionInterface(
        string connectionString,
        string database = MongoDbSessionStore.DefaultDatabase,
        string collection = MongoDbSessionStore.DefaultCollection,
        string? keyPrefix = null,
        ServerSideSessionOptions? options = null)
        : this(new MongoDbSessionStore(connectionString, (options ?? new()).OperationTimeout, database, collection), keyPrefix, options)
    {
    }

    /// <summary>Sessions in <paramref name="store"/>, e.g. one built with the app's clock and logger.</summary>
    /// <remarks>With <see cref="ServerSideSessionOptions.CleanupInterval"/> set (SESSION_CLEANUP_N_REQUESTS), this interface sweeps every N saves and the store's timed sweep is off.</remarks>
    public MongoDbSessionInterface(MongoDbSessionStore store, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : base(store, WithKeyPrefix(options, keyPrefix))
    {
        if (Options.CleanupInterval is not null) store.TimedSweepOff = true;
    }

    /// <summary>
    /// Builds the interface from <paramref name="app"/>'s config: SESSION_MONGODB (an <see cref="IMongoClient"/> or a
    /// connection string), SESSION_MONGODB_DB, SESSION_MONGODB_COLLECT and the shared SESSION_* keys. The store
    /// uses the app's clock and logs failed sweeps to the app's logger. What SESSION_TYPE "mongodb" runs.
    /// </summary>
    public static MongoDbSessionInterface FromConfig(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ServerSideSessionOptions.FromConfig(app.Config);
        var database = NonEmpty(app.Config.GetString("SESSION_MONGODB_DB")) ?? MongoDbSessionStore.DefaultDatabase;
        var collection = NonEmpty(app.Config.GetString("SESSION_MONGODB_COLLECT")) ?? MongoDbSessionStore.DefaultCollection;
        var clock = new AppTimeProvider(app);
        var store = SessionStoreConfig.CreateStore<IMongoClient, MongoDbSessionStore>(
            app.Config, "mongodb", "SESSION_MONGODB", "mongodb://127.0.0.1:27017",
            client => new(client, database, collection, clock, app.Logger),
            connection => new(connection, options.OperationTimeout, database, collection, clock, app.Logger));
        return new MongoDbSessionInterface(store, options: options);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
