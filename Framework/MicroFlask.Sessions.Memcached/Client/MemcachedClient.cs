using System.Globalization;
using System.Net.Sockets;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// A small client for one memcached server, speaking the text protocol over a bounded pool of
/// connections. Thread-safe; create one per server and share it.
/// </summary>
/// <remarks>
/// Every operation is bounded by <see cref="MemcachedClientOptions.OperationTimeout"/>: a server that
/// is down, slow or answers with an error line gives a <see cref="MemcachedException"/> naming it.
/// Cancelling the caller's token gives <see cref="OperationCanceledException"/> as usual.
/// Expiries: <c>null</c> never expires; longer than 30 days is sent as an absolute time, as memcached
/// requires. Keys are 1 to 250 bytes with no spaces or control characters.
/// </remarks>
public sealed partial class MemcachedClient : IDisposable
{
    private readonly MemcachedClientOptions _options;
    private readonly string _host;
    private readonly int _port;
    private readonly MemcachedConnectionPool _pool;
    private volatile bool _disposed;

    /// <summary>Creates a client for the server in <paramref name="options"/>; connects lazily.</summary>
    public MemcachedClient(MemcachedClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OperationTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValueSize, 1);
        _options = options;
        (_host, _port) = ParseServer(options.Server);
        Server = options.Server;
        _pool = new MemcachedConnectionPool(options.MaxConnections, ConnectAsync);
    }

    /// <summary>Creates a client for <paramref name="server"/> ("host:port") with default options.</summary>
    public MemcachedClient(string server)
        : this(new MemcachedClientOptions { Server = server })
    {
    }

    /// <summary>The server's address, "host:port".</summary>
    public string Server { get; }

    internal int ConnectionsOpened => _pool.ConnectionsOpened;

    internal int IdleConnections => _pool.IdleCount;

    /// <summary>Reads a value; <c>null</c> when the key is missing or expired.</summary>
    internal async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await RetrieveAsync("get", key, cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Reads a value with its CAS token, for a later <see cref="CasAsync"/>; <c>null</c> when missing.</summary>
    internal Task<MemcachedItem?> GetsAsync(string key, CancellationToken cancellationToken = default) =>
        RetrieveAsync("gets", key, cancellationToken);

    /// <summary>Stores a value, replacing any existing one.</summary>
    /// <param name="key">1 to 250 bytes, no spaces or control characters.</param>
    /// <param name="value">At most <see cref="MemcachedClientOptions.MaxValueSize"/> bytes.</param>
    /// <param name="expiry">Time to live; <c>null</c> never expires.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    internal async Task SetAsync(
        string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        var reply = await StoreAsync("set", key, value, expiry, cas: null, cancellationToken).ConfigureAwait(false);
        if (reply != "STORED")
        {
            throw new MemcachedException(Server, $"set: unexpected reply '{reply}'");
        }
    }

    /// <summary>Stores a value only if the key does not exist yet; false when it does.</summary>
    /// <inheritdoc cref="SetAsync" path="/param"/>
    internal async Task<bool> AddAsync(
        string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        var reply = await StoreAsync("add", key, value, expiry, cas: null, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            "STORED" => true,
            "NOT_STORED" => false,
            _ => throw new MemcachedException(Server, $"add: unexpected reply '{reply}'"),
        };
    }

    /// <summary>
    /// Stores a value only if the item is unchanged since <see cref="GetsAsync"/> returned
    /// <paramref name="cas"/>: the building block of a lost-update-free read-modify-write.
    /// </summary>
    /// <param name="key">The item's key.</param>
    /// <param name="value">The new value, at most <see cref="MemcachedClientOptions.MaxValueSize"/> bytes.</param>
    /// <param name="cas">The token from <see cref="MemcachedItem.Cas"/>.</param>
    /// <param name="expiry">Time to live; <c>null</c> never expires.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    internal async Task<CasResult> CasAsync(
        string key, ReadOnlyMemory<byte> value, ulong cas, TimeSpan? expiry = null, CancellationToken cancellationToken = default)
    {
        var reply = await StoreAsync("cas", key, value, expiry, cas, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            "STORED" => CasResult.Stored,
            "EXISTS" => CasResult.Exists,
            "NOT_FOUND" => CasResult.NotFound,
            _ => throw new MemcachedException(Server, $"cas: unexpected reply '{reply}'"),
        };
    }

    /// <summary>Removes an item; false when there was none.</summary>
    internal async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var command = Command("delete", MemcachedKey.Encode(key), string.Empty);
        var reply = await SimpleAsync("delete", command, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            "DELETED" => true,
            "NOT_FOUND" => false,
            _ => throw new MemcachedException(Server, $"delete: unexpected reply '{reply}'"),
        };
    }

    /// <summary>Gives an existing item a new expiry without rewriting it; false when there is none.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="expiry">The new time to live; <c>null</c> never expires.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    internal async Task<bool> TouchAsync(string key, TimeSpan? expiry, CancellationToken cancellationToken = default)
    {
        var keyBytes = MemcachedKey.Encode(key);
        var exptime = MemcachedExpiration.ToExptime(expiry, _options.TimeProvider.GetUtcNow());
        var command = Command("touch", keyBytes, string.Create(CultureInfo.InvariantCulture, $" {exptime}"));
        var reply = await SimpleAsync("touch", command, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            "TOUCHED" => true,
            "NOT_FOUND" => false,
            _ => throw new MemcachedException(Server, $"touch: unexpected reply '{reply}'"),
        };
    }

    /// <summary>The server's version (memcached's <c>version</c> command): a cheap round trip that proves it answers.</summary>
    internal async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        var reply = await SimpleAsync("version", "version\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        return reply.StartsWith("VERSION ", StringComparison.Ordinal)
            ? reply["VERSION ".Length..]
            : throw new MemcachedException(Server, $"version: unexpected reply '{reply}'");
    }

    /// <summary>Closes the idle connections; connections in use close when their operation ends.</summary>
    public void Dispose()
    {
        _disposed = true;
        _pool.Dispose();
    }

    /// <summary>
    /// Runs one request/reply exchange on a pooled connection under the operation timeout. Any failure
    /// leaves the connection's stream in an unknown state, so it is then closed instead of reused.
    /// </summary>
    private async Task<T> ExecuteAsync<T>(
        string verb, Func<MemcachedConnection, CancellationToken, Task<T>> exchange, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);

        var phase = "waiting for a connection";
        MemcachedConnection? connection = null;
        var reusable = false;
        try
        {
            connection = await _pool.RentAsync(timeout.Token).ConfigureAwait(false);
            phase = "waiting for the reply";
            var result = await exchange(connection, timeout.Token).ConfigureAwait(false);
            reusable = true;
            return result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MemcachedException(
                Server, $"{verb} timed out after {_options.OperationTimeout.TotalMilliseconds:0} ms {phase}", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            throw new MemcachedException(Server, $"{verb} failed {phase}: {ex.Message}", ex);
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection, reusable);
            }
        }
    }

    private async Task<MemcachedConnection> ConnectAsync(CancellationToken operationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(operationToken);
        connectTimeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            return await MemcachedConnection.OpenAsync(_host, _port, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!operationToken.IsCancellationRequested)
        {
            throw new MemcachedException(
                Server, $"connect timed out after {_options.ConnectTimeout.TotalMilliseconds:0} ms", ex);
        }
        catch (SocketException ex)
        {
            throw new MemcachedException(Server, $"cannot connect ({ex.SocketErrorCode}: {ex.Message}); check that memcached runs at that address (SESSION_MEMCACHED)", ex);
        }
    }

    private static (string Host, int Port) ParseServer(string server)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(server);
        const int defaultPort = 11211;
        string host;
        string? port = null;
        if (server.StartsWith('['))
        {
            // "[::1]:11211" or "[::1]"
            var close = server.IndexOf(']');
            if (close < 0)
            {
                throw new ArgumentException($"'{server}' is not host:port (unclosed '[').", nameof(server));
            }

            host = server[1..close];
            var rest = server[(close + 1)..];
            port = rest.StartsWith(':') ? rest[1..] : rest.Length == 0 ? null : "?";
        }
        else if (server.Count(c => c == ':') == 1)
        {
            var colon = server.IndexOf(':');
            host = server[..colon];
            port = server[(colon + 1)..];
        }
        else
        {
            // A bare host name, or a bare IPv6 address.
            host = server;
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"'{server}' has no host; expected host:port.", nameof(server));
        }

        if (port is null)
        {
            return (host, defaultPort);
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new ArgumentException($"'{server}' has no valid port; expected host:port.", nameof(server));
        }

        return (host, number);
    }
}
