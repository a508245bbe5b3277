using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// Server-side sessions in memcached (Flask-Session's <c>MemcachedSessionInterface</c>): the cookie carries the session
/// id, the data lives in a <see cref="MemcachedSessionStore"/>. Set it directly or let <c>app.UseSessionStore()</c>
/// build it from SESSION_TYPE "memcached" and SESSION_MEMCACHED.
/// </summary>
public class MemcachedSessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in the memcached behind <paramref name="client"/>, which the caller keeps and disposes.</summary>
    /// <param name="client">The server's client.</param>
    /// <param name="keyPrefix">Put before each session id to form its item key; overrides <paramref name="options"/>' prefix.</param>
    /// <param name="options">Id length, signing, permanence, timeout; Flask-Session's defaults when null.</param>
    public MemcachedSessionInterface(MemcachedClient client, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : this(new MemcachedSessionStore(client), keyPrefix, options)
    {
    }

    /// <summary>Sessions in the memcached at <paramref name="server"/> ("host:port", or several separated by commas); the store creates and owns the clients.</summary>
    /// <inheritdoc cref="MemcachedSessionInterface(MemcachedClient, string?, ServerSideSessionOptions?)" path="/param[@name!='client']"/>
    public MemcachedSessionInterface(string server, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : this(new MemcachedSessionStore(server, (options ?? new()).OperationTimeout), keyPrefix, options)
    {
    }

    /// <summary>Sessions in <paramref name="store"/>.</summary>
    /// <inheritdoc cref="MemcachedSessionInterface(MemcachedClient, string?, ServerSideSessionOptions?)" path="/param[@name!='client']"/>
    public MemcachedSessionInterface(MemcachedSessionStore store, string? keyPrefix = null, ServerSideSessionOptions? options = null)
        : base(store, WithKeyPrefix(options, keyPrefix))
    {
    }

    /// <summary>
    /// Builds the interface from <paramref name="app"/>'s config: SESSION_MEMCACHED (a <see cref="MemcachedClient"/>,
    /// "host:port", several as "a:11211,b:11211", or a list of "host:port" as Flask-Session's clients take them) and the
    /// shared SESSION_* keys. What SESSION_TYPE "memcached" runs.
    /// </summary>
    public static MemcachedSessionInterface FromConfig(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ServerSideSessionOptions.FromConfig(app.Config);
        var store = ServerList(app.Config["SESSION_MEMCACHED"]) is { } servers
            ? new MemcachedSessionStore(servers, options.OperationTimeout)
            : SessionStoreConfig.CreateStore<MemcachedClient, MemcachedSessionStore>(
                app.Config, "memcached", "SESSION_MEMCACHED", "127.0.0.1:11211", client => new(client), server => new(server, options.OperationTimeout));
        return new MemcachedSessionInterface(store, options: options);
    }

    /// <summary>A list of "host:port" (a .NET list, or a JSON array from a config file) as one comma-separated string; null for anything else.</summary>
    private static string? ServerList(object? value)
    {
        IEnumerable<string?>? servers = value switch
        {
            string => null,
            IEnumerable<string?> list => list,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array =>
                array.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null),
            _ => null,
        };
        if (servers is null) return null;
        var addresses = servers.ToArray();
        if (addresses.Length == 0 || addresses.Any(string.IsNullOrWhiteSpace))
            throw new InvalidOperationException(
                "SESSION_MEMCACHED is a list, so it must hold at least one server, each a \"host:port\" text such as \"127.0.0.1:11211\".");
        return string.Join(",", addresses);
    }
}
