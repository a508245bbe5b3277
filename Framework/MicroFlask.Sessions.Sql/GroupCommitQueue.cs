using System.Data.Common;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite): this process's writes queue here and one flusher
/// applies everything queued in one transaction on one kept-open connection, so a burst of saves costs one
/// <c>BEGIN IMMEDIATE</c> and one commit (one fsync) instead of one each. Each write still reads, merges and writes
/// under the database's write lock, so other processes stay safe. A write that throws fails only its own caller:
/// the transaction is rolled back and the others run again without it. A commit that fails fails the whole group.
/// </summary>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    // Bounds how long one transaction holds the database's write lock against other processes.
    private const int MaxGroup = 256;

    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> _begin;
    private readonly Lock _gate = new();
    private List<Write> _queued = new();
    private Task _flusher = Task.CompletedTask;
    private bool _flushing;
    private bool _disposed;
    // Only the flusher (one at a time) touches the connection.
    private PreparedConnection? _connection;
    private int _commits;

    /// <param name="open">Opens the writer's connection (once, and again after an error closed it).</param>
    /// <param name="begin">Starts a transaction that holds the write lock from its start.</param>
    public GroupCommitQueue(Func<CancellationToken, Task<DbConnection>> open, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin)
    {
        _open = open;
        _begin = begin;
    }

    /// <summary>Transactions committed so far: fewer than the writes when they were grouped.</summary>
    internal int Commits => Volatile.Read(ref _commits);

    /// <summary>
    /// Runs <paramref name="write"/> in the next group's transaction and completes once that transaction is committed.
    /// It may run more than once (when another write of its group fails), so it must only read and write the database.
    /// Cancelling works while the write waits in the queue; once its group runs, it is committed or failed with it.
    /// </summary>
    public Task RunAsync(Action<PreparedConnection, DbTransaction> write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var item = new Write(write);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queued.Add(item);
            if (!_flushing)
            {
                _flushing = true;
                _flusher = Task.Run(FlushAsync, CancellationToken.None);
            }
        }
        item.CancelWith(cancellationToken);
        return item.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Task flusher;
        lock (_gate)
        {
            _disposed = true;
            flusher = _flusher;
        }
        await flusher;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _flushing = false;
                    return;
                }
            }
            await FlushGroupAsync();
        }
    }

    private async Task FlushGroupAsync()
    {
        List<Write>? group = null;
        try
        {
            _connection ??= new PreparedConnection(await _open(CancellationToken.None));
            // The write lock first, then everything queued by then: writes that arrive while another process holds
            // the lock join this group instead of waiting for the next.
            var transaction = await _begin(_connection.Connection, CancellationToken.None);
            group = Take();
            while (true)
            {
                var failed = RunAll(group, transaction, out var error);
                if (failed < 0)
                {
                    if (group.Count > 0) transaction.Commit();
                    await transaction.DisposeAsync();
                    if (group.Count > 0) Interlocked.Increment(ref _commits);
                    foreach (var item in group) item.Succeed();
                    return;
                }
                // Roll back the others' writes too (disposing rolls back what a failed statement left open), fail
                // only the one that threw, and run the others again in a new transaction.
                group[failed].Fail(error!);
                group.RemoveAt(failed);
                await transaction.DisposeAsync();
                transaction = await _begin(_connection.Connection, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // Opening, BEGIN, a rollback or the commit failed: the connection may be unusable, and every write of the
            // group (or, before one was taken, every queued write) fails with the database's error.
            await CloseConnectionAsync();
            foreach (var item in group ?? Take()) item.Fail(e);
        }
    }

    // Microsoft.Data.Sqlite's async methods run synchronously anyway; the flusher is the one thread that writes, so the
    // writes call the synchronous ones and save their tasks.
    private int RunAll(List<Write> group, DbTransaction transaction, out Exception? error)
    {
        for (var i = 0; i < group.Count; i++)
        {
            try
            {
                group[i].Apply(_connection!, transaction);
            }
            catch (Exception e)
            {
                error = e;
                return i;
            }
        }
        error = null;
        return -1;
    }

    private async Task CloseConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is null) return;
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception)
        {
            // Broken already: the next group opens a new one. Nothing may escape the flusher, or the queue would stop.
        }
    }

    /// <summary>Takes up to <see cref="MaxGroup"/> queued writes that were not cancelled.</summary>
    private List<Write> Take()
    {
        List<Write> taken;
        lock (_gate)
        {
            if (_queued.Count <= MaxGroup)
            {
                taken = _queued;
                _queued = new List<Write>();
            }
            else
            {
                taken = _queued.GetRange(0, MaxGroup);
                _queued.RemoveRange(0, MaxGroup);
            }
        }
        taken.RemoveAll(item => !item.TryStart());
        return taken;
    }

    private sealed class Write(Action<PreparedConnection, DbTransaction> apply)
    {
        private const int Queued = 0, Started = 1, Cancelled = 2;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _cancellation;
        private int _state;

        public Task Task => _done.Task;

        public void Apply(PreparedConnection connection, DbTransaction transaction) => apply(connection, transaction);

        public void CancelWith(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled) return;
            _cancellation = cancellationToken.Register(static state =>
            {
                var (write, token) = ((Write, CancellationToken))state!;
                if (Interlocked.CompareExchange(ref write._state, Cancelled, Queued) == Queued) write._done.TrySetCanceled(token);
            }, (this, cancellationToken));
        }

        /// <summary>False when the caller cancelled before the flusher took it.</summary>
        public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

        public void Succeed()
        {
            _cancellation.Dispose();
            _done.TrySetResult();
        }

        public void Fail(Exception error)
        {
            _cancellation.Dispose();
            _done.TrySetException(error);
        }
    }
}
