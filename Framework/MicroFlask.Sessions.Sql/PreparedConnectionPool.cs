using System.Collections.Concurrent;
using System.Data.Common;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// Kept-open <see cref="PreparedConnection"/>s for reads: in WAL mode each reads the last commit while the writer writes,
/// so loads never queue behind saves. At most <paramref name="maxIdle"/> wait between uses; more are closed.
/// </summary>
internal sealed class PreparedConnectionPool(Func<CancellationToken, Task<DbConnection>> open, int maxIdle) : IAsyncDisposable
{
    private readonly ConcurrentBag<PreparedConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public async ValueTask<PreparedConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }
        return new PreparedConnection(await open(cancellationToken));
    }

    /// <summary>Gives <paramref name="connection"/> back; <paramref name="broken"/> (an error during its use) closes it instead.</summary>
    public async ValueTask ReturnAsync(PreparedConnection connection, bool broken)
    {
        if (!broken && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Add(connection);
                // Disposed meanwhile: its sweep may have run before this add, so sweep again.
                if (_disposed) await DisposeAsync();
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        await connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection)) await connection.DisposeAsync();
    }
}
