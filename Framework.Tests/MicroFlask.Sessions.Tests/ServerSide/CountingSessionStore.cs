using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// A memory store that counts its calls, loads synchronously or not (<see cref="Eager"/> hides the synchronous path, as
/// MongoDB's store has none), and can be taken down (<see cref="Down"/>: every call fails as a lost server's would).
/// </summary>
internal sealed class CountingSessionStore : ISessionStore, ISynchronousSessionLoad
{
    private readonly ISessionStore _inner = new MemorySessionStore();

    public int SyncLoads { get; private set; }

    public int AsyncLoads { get; private set; }

    public int Applies { get; private set; }

    public int Deletes { get; private set; }

    public int Calls => SyncLoads + AsyncLoads + Applies + Deletes;

    public bool Down { get; set; }

    /// <summary>Whether <see cref="ISynchronousSessionLoad.CanLoadSynchronously"/> is false, so that every session loads at open.</summary>
    public bool Eager { get; set; }

    public bool CanLoadSynchronously => !Eager;

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

    public override string ToString() => "counting memory";

    private void ThrowIfDown()
    {
        if (Down) throw new IOException("Connection refused");
    }
}
