using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// A store (memory by default, or any store it wraps) that counts its calls, loads synchronously when the store it wraps
/// can (<see cref="Eager"/> hides that path, as MongoDB's store has none), and can be taken down (<see cref="Down"/>:
/// every call fails as a lost server's would).
/// </summary>
internal sealed class CountingSessionStore(ISessionStore? inner = null) : ISessionStore, ISynchronousSessionLoad
{
    private readonly ISessionStore _inner = inner ?? new MemorySessionStore();

    public int SyncLoads { get; private set; }

    public int AsyncLoads { get; private set; }

    public int Applies { get; private set; }

    public int Deletes { get; private set; }

    public int Calls => SyncLoads + AsyncLoads + Applies + Deletes;

    public bool Down { get; set; }

    /// <summary>Whether <see cref="ISynchronousSessionLoad.CanLoadSynchronously"/> is false, so that every session loads at open.</summary>
    public bool Eager { get; set; }

    public bool CanLoadSynchronously => !Eager && _inner is ISynchronousSessionLoad { CanLoadSynchronously: true };

    public int MaxKeyBytes => _inner.MaxKeyBytes;

    public IReadOnlyDictionary<string, string>? Load(string id)
    {
        SyncLoads++;
        ThrowIfDown();
        return ((ISynchronousSessionLoad)_inner).Load(id);
    }

    public ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        AsyncLoads++;
        ThrowIfDown();
        return _inner.LoadAsync(id, cancellationToken);
    }

    public ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        Applies++;
        ThrowIfDown();
        return _inner.ApplyAsync(id, changes, timeToLive, cancellationToken);
    }

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        Deletes++;
        ThrowIfDown();
        return _inner.DeleteAsync(id, cancellationToken);
    }

    public void ResetCounts() => SyncLoads = AsyncLoads = Applies = Deletes = 0;

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    public override string ToString() => inner is null ? "counting memory" : "counting " + _inner;

    private void ThrowIfDown()
    {
        if (Down) throw new IOException("Connection refused");
    }
}
