using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// Keeps each session as one memcached item (the key is the id the session interface passes, its prefix included)
/// holding all of its serialized values, with the session's TTL as the item's expiry. memcached has no per-field update, so a save reads the item with
/// <c>gets</c>, applies this request's changes to what it read, and writes it back with <c>cas</c>; when another
/// request wrote in between, the <c>cas</c> is refused and the save starts over on the newer item. Concurrent
/// requests therefore merge per key, as with the other stores.
/// </summary>
public sealed class MemcachedSessionStore : ISessionStore
{
    private readonly MemcachedClient _client;
    private readonly bool _ownsClient;
    private readonly int _maxAttempts = 50;

    /// <summary>Uses an existing client (which the caller keeps and disposes).</summary>
    public MemcachedSessionStore(MemcachedClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Connects to <paramref name="server"/> ("host:port"); the client is disposed with the store.</summary>
    public MemcachedSessionStore(string server)
        : this(server, operationTimeout: null)
    {
    }

    /// <summary>As <see cref="MemcachedSessionStore(string)"/>, with the client's timeouts set to SESSION_STORE_TIMEOUT.</summary>
    internal MemcachedSessionStore(string server, TimeSpan? operationTimeout)
        : this(CreateClient(server, operationTimeout))
    {
        _ownsClient = true;
    }

    /// <summary>How many times a save re-reads and retries when other requests keep changing the session (50).</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one attempt is needed.");
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var bytes = await _client.GetAsync(id, cancellationToken);
        if (bytes is null) return null;
        var values = MemcachedSessionFormat.Read(bytes, id);
        // An item emptied by a save (see ApplyAsync) counts as missing, like an empty Redis hash.
        return values.Count == 0 ? null : values;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (timeToLive <= TimeSpan.Zero)
        {
            // memcached reads an exptime of 0 as "never": a lifetime already over means gone.
            await _client.DeleteAsync(id, cancellationToken);
            return;
        }
        // memcached's clock ticks once a second and lags up to a second behind, so an item can vanish up to a
        // second before its exptime: ask for one more second, so that a session lives at least its lifetime.
        timeToLive += TimeSpan.FromSeconds(1);
        if (changes.IsEmpty)
        {
            await _client.TouchAsync(id, timeToLive, cancellationToken);
            return;
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (attempt > 0) await BackOffAsync(attempt, cancellationToken);
            var item = await _client.GetsAsync(id, cancellationToken);
            if (item is null)
            {
                // Nothing stored: only keys set now make a session; "add" fails if another request created it first.
                if (changes.Set.Count == 0 && changes.Increments.Count == 0) return;
                var created = new Dictionary<string, string>(StringComparer.Ordinal);
                changes.ApplyTo(created);
                if (await _client.AddAsync(id, MemcachedSessionFormat.Write(created), timeToLive, cancellationToken)) return;
                continue;
            }
            var values = changes.Cleared ? new Dictionary<string, string>(StringComparer.Ordinal) : MemcachedSessionFormat.Read(item.Value, id);
            // Increments are added to what this attempt read; the cas makes sure nobody changed it since.
            changes.ApplyTo(values);
            // An emptied session is written as an empty map, not deleted: a delete is not conditional, so it
            // could drop a key another request set since our gets.
            var result = await _client.CasAsync(id, MemcachedSessionFormat.Write(values), item.Cas, timeToLive, cancellationToken);
            if (result == CasResult.Stored) return;
            // Exists: someone wrote in between. NotFound: it expired or was deleted. Either way, read again.
        }
        throw new MemcachedException(_client.Server, $"cas: session item '{id}' kept changing; gave up after {MaxAttempts} attempts (MemcachedSessionStore.MaxAttempts)");
    }

    /// <inheritdoc />
    public async ValueTask PingAsync(CancellationToken cancellationToken) => await _client.VersionAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken) =>
        await _client.DeleteAsync(id, cancellationToken);

    /// <summary>Disposes the client when this store created it; a client passed in is left to its owner.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ownsClient) _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>memcached's key limit, 250 bytes: the prefix and the id together must fit.</summary>
    public int MaxKeyBytes => MemcachedKey.MaxLength;

    /// <summary>"memcached" and the server, as named in logs and 503 reasons.</summary>
    public override string ToString() => "memcached " + _client.Server;

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        // Random delays up to a cap that doubles each time, so requests racing on one session spread out
        // instead of colliding again in lockstep.
        var cap = Math.Min(1 << Math.Min(attempt, 6), 64);
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, cap + 1)), cancellationToken);
    }

    private static MemcachedClient CreateClient(string server, TimeSpan? operationTimeout)
    {
        if (operationTimeout is not { } timeout) return new MemcachedClient(server);
        var defaults = new MemcachedClientOptions();
        // Connecting is part of an operation: it may not take longer than the whole of one.
        return new MemcachedClient(new MemcachedClientOptions
        {
            Server = server,
            OperationTimeout = timeout,
            ConnectTimeout = timeout < defaults.ConnectTimeout ? timeout : defaults.ConnectTimeout,
        });
    }
}
