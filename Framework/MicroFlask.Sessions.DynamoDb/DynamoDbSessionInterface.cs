using Amazon.DynamoDBv2;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.DynamoDb;

/// <summary>
/// Server-side sessions in Amazon DynamoDB (Flask-Session's <c>DynamoDBSessionInterface</c>): the cookie carries the
/// session id, the data lives in a <see cref="DynamoDbSessionStore"/>. Set it directly or let <c>app.UseSessionStore()</c>
/// build it from SESSION_TYPE "dynamodb", SESSION_DYNAMODB, SESSION_DYNAMODB_TABLE and SESSION_DYNAMODB_TABLE_EXISTS.
/// </summary>
public class DynamoDbSessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in <paramref name="client"/>'s table <paramref name="table"/>.</summary>
    /// <param name="client">A client the caller keeps and disposes.</param>
    /// <param name="table">SESSION_DYNAMODB_TABLE.</param>
    /// <param name="tableExists">SESSION_DYNAMODB_TABLE_EXISTS: when false, a missing table is created.</param>
    /// <param name="keyPrefix">Put before each session id to form its item's <c>id</c>; overrides <paramref name="options"/>' prefix.</param>
    /// <param name="options">Id length, signing, permanence, timeout; Flask-Session's defaults when null.</param>
    public DynamoDbSessionInterface(
        IAmazonDynamoDB client,
        string table = DynamoDbSessionStore.DefaultTable,
        bool tableExists = false,
        string? keyPrefix = null,
        ServerSideSessionOptions? options = null)
        : this(new DynamoDbSessionStore(client, table, tableExists), keyPrefix, options)
    {
    }

    /// <summary>Sessions in <paramref name="store"/>, e.g. one built with the app's clock and logger.</summary>
    public DynamoDbSessionInterface(DynamoDbSessionStore store, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : base(store, WithKeyPrefix(options, keyPrefix))
    {
    }

    /// <summary>
    /// Builds the interface from <paramref name="app"/>'s config: SESSION_DYNAMODB (an <see cref="IAmazonDynamoDB"/> or an
    /// endpoint URL), SESSION_DYNAMODB_TABLE, SESSION_DYNAMODB_TABLE_EXISTS and the shared SESSION_* keys. The store
    /// uses the app's clock, and SESSION_STORE_TIMEOUT as the SDK's timeout for a client it makes. What SESSION_TYPE "dynamodb" runs.
    /// </summary>
    public static DynamoDbSessionInterface FromConfig(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ServerSideSessionOptions.FromConfig(app.Config);
        var table = app.Config.GetString("SESSION_DYNAMODB_TABLE") is { Length: > 0 } name ? name : DynamoDbSessionStore.DefaultTable;
        var tableExists = app.Config.GetBool("SESSION_DYNAMODB_TABLE_EXISTS");
        var clock = new AppTimeProvider(app);
        var store = SessionStoreConfig.CreateStore<IAmazonDynamoDB, DynamoDbSessionStore>(
            app.Config, "dynamodb", "SESSION_DYNAMODB", "http://127.0.0.1:8000",
            client => new(client, table, tableExists, clock, app.Logger),
            url => new(url, table, tableExists, options.OperationTimeout, clock, app.Logger));
        return new DynamoDbSessionInterface(store, options: options);
    }
}
