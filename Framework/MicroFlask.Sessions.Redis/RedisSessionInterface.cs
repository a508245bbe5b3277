using MicroFlask.Sessions.ServerSide;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Redis;

/// <summary>
/// Server-side sessions in Redis (Flask-Session's <c>RedisSessionInterface</c>): the cookie carries the session id,
/// the data lives in a <see cref="RedisSessionStore"/>. Set it directly,
/// <c>app.SessionInterface = new RedisSessionInterface(redis, keyPrefix: "__")</c>, or let
/// <c>app.UseSessionStore()</c> build it from SESSION_TYPE "redis" and SESSION_REDIS.
/// </summary>
public class RedisSessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in <paramref name="redis"/>, a connection the caller keeps and disposes.</summary>
    /// <param name="redis">A single node or a cluster.</param>
    /// <param name="keyPrefix">Put before each session id to form its key; overrides <paramref name="options"/>' prefix.</param>
    /// <param name="options">Id length, signing, permanence, timeout; Flask-Session's defaults when null.</param>
    public RedisSessionInterface(IConnectionMultiplexer redis, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : this(new RedisSessionStore(redis), keyPrefix, options)
    {
    }

    /// <summary>Sessions in the Redis at <paramref name="configuration"/> ("127.0.0.1:6379", or cluster nodes separated by commas).</summary>
    /// <param name="configuration">A StackExchange.Redis connection string; the store opens and owns the connection.</param>
    /// <param name="keyPrefix">Put before each session id to form its key; overrides <paramref name="options"/>' prefix.</param>
    /// <param name="options">Id length, signing, permanence, timeout; Flask-Session's defaults when null.</param>
    public RedisSessionInterface(string configuration, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : this(new RedisSessionStore(configuration, (options ?? new()).OperationTimeout), keyPrefix, options)
    {
    }

    /// <summary>Sessions in <paramref name="store"/>.</summary>
    /// <inheritdoc cref="RedisSessionInterface(IConnectionMultiplexer, string?, ServerSideSessionOptions?)" path="/param[@name!='redis']"/>
    public RedisSessionInterface(RedisSessionStore store, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : base(store, WithKeyPrefix(options, keyPrefix))
    {
    }

    /// <summary>
    /// Builds the interface from <paramref name="app"/>'s config: SESSION_REDIS (an <see cref="IConnectionMultiplexer"/> or
    /// a connection string) and the shared SESSION_* keys. What SESSION_TYPE "redis" runs.
    /// </summary>
    public static RedisSessionInterface FromConfig(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ServerSideSessionOptions.FromConfig(app.Config);
        var store = SessionStoreConfig.CreateStore<IConnectionMultiplexer, RedisSessionStore>(
            app.Config, "redis", "SESSION_REDIS", "127.0.0.1:6379", redis => new(redis), configuration => new(configuration, options.OperationTimeout));
        return new RedisSessionInterface(store, options: options);
    }
}
