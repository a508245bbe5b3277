using System.Collections.Concurrent;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// A bounded pool: at most <c>maxConnections</c> connections exist at once (idle or lent). A connection
/// that failed during an operation is closed on return, never lent again, so no later caller reads
/// the rest of someone else's reply.
/// </summary>
internal sealed class MemcachedConnectionPool : IDisposable
{
    private readonly Func<CancellationToken, Task<MemcachedConnection>> _connect;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<MemcachedConnection> _idle = new();
    private int _opened;
    private volatile bool _disposed;

    public MemcachedConnectionPool(int maxConnections, Func<CancellationToken, Task<MemcachedConnection>> connect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _connect = connect;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    /// <summary>How many connections were opened so far (reuse shows as a number that stays small).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>How many connections wait idle in the pool.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Lends an idle connection, or opens one; waits while all slots are lent.</summary>
    public async Task<MemcachedConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.TryPop(out var idle))
            {
                if (idle.IsUsable)
                {
                    return idle;
                }

                idle.Dispose();
            }

            var connection = await _connect(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _opened);
            return connection;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Takes a lent connection back; <paramref name="reusable"/> is false after any failure.</summary>
    public void Return(MemcachedConnection connection, bool reusable)
    {
        if (reusable && !_disposed)
        {
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }

        _slots.Release();

        // A return racing with Dispose may have pushed after the drain below; drain again.
        if (_disposed)
        {
            DrainIdle();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        DrainIdle();
    }

    private void DrainIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }
}
