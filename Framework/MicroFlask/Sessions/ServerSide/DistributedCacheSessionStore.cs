using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// Keeps each session as one entry of any <see cref="IDistributedCache"/> (SQL Server, NCache, Garnet, Cosmos DB, Redis,
/// memory...): a small JSON document of the session's keys and its expiry. SESSION_TYPE "distributedcache".
/// </summary>
/// <remarks>
/// <see cref="IDistributedCache"/> has no atomic update, so a save reads the entry, applies this request's changes and
/// writes it back: of two requests that save one session at the same moment, the later write wins whole and the other
/// request's changes are lost. It is the one store without per-key merge; use another where a user's parallel requests
/// write the session. The expiry is given to the cache and also checked on read, for caches that evict late.
/// </remarks>
public sealed class DistributedCacheSessionStore : ISessionStore, ISynchronousSessionLoad
{
    private readonly IDistributedCache _cache;
    private readonly TimeProvider _timeProvider;

    /// <summary>Sessions in <paramref name="cache"/> (which the caller keeps and disposes), expiry read on <paramref name="timeProvider"/>.</summary>
    public DistributedCacheSessionStore(IDistributedCache cache, TimeProvider? timeProvider = null)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The cache the sessions are in.</summary>
    public IDistributedCache Cache => _cache;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await ReadAsync(id, cancellationToken);
        return entry is { Count: > 0 } ? entry : null;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // Read, change, write: not atomic (see the remarks), which is all an IDistributedCache offers.
        var stored = changes.Cleared ? null : await ReadAsync(id, cancellationToken);
        var data = stored ?? new Dictionary<string, string>(StringComparer.Ordinal);
        // Increments too are read, added and written back: exact only while saves of one session do not overlap.
        changes.ApplyTo(data);
        if (data.Count == 0)
        {
            // Nothing to keep: a refresh of a missing session does nothing, an emptied one goes.
            if (stored is not null || changes.Cleared) await _cache.RemoveAsync(id, cancellationToken);
            return;
        }
        var expires = _timeProvider.GetUtcNow() + timeToLive;
        await _cache.SetAsync(id, Serialize(data, expires), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = timeToLive }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => await _cache.RemoveAsync(id, cancellationToken);

    /// <summary>A read of a key no session has: a round trip to the cache's server, when it has one.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken) => await _cache.GetAsync("microflask:ping", cancellationToken);

    /// <summary>Nothing to close: the cache belongs to whoever gave it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>"distributedcache" and the cache's type, as named in logs and 503 reasons.</summary>
    public override string ToString() => "distributedcache " + _cache.GetType().Name;

    private async ValueTask<Dictionary<string, string>?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var bytes = await _cache.GetAsync(id, cancellationToken);
        if (bytes is null) return null;
        // An entry this store did not write (another app's key, a damaged value) is no session.
        if (!TryDeserialize(bytes, out var data, out var expires)) return null;
        return expires > _timeProvider.GetUtcNow() ? data : null;
    }

    // {"e": expiry in Unix milliseconds, "d": {key: value, ...}}
    private static byte[] Serialize(Dictionary<string, string> data, DateTimeOffset expires)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("e", expires.ToUnixTimeMilliseconds());
            writer.WriteStartObject("d");
            foreach (var (key, value) in data) writer.WriteString(key, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool TryDeserialize(byte[] bytes, out Dictionary<string, string> data, out DateTimeOffset expires)
    {
        data = new Dictionary<string, string>(StringComparer.Ordinal);
        expires = default;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("e", out var e) || !e.TryGetInt64(out var milliseconds)
                || !root.TryGetProperty("d", out var d) || d.ValueKind != JsonValueKind.Object)
                return false;
            foreach (var property in d.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String) return false;
                data[property.Name] = property.Value.GetString()!;
            }
            expires = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>The cache's own synchronous <see cref="IDistributedCache.Get"/>, bounded by the cache's timeout.</remarks>
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id)
    {
        var bytes = _cache.Get(id);
        if (bytes is null || !TryDeserialize(bytes, out var data, out var expires)) return null;
        return expires > _timeProvider.GetUtcNow() && data.Count > 0 ? data : null;
    }
}
