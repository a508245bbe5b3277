using System.Data.Common;
using System.Text.Json;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// Sessions as rows of one table (SESSION_SQL_TABLE, "sessions": <c>id</c>, <c>data</c> as a JSON object of the
/// session's entries, <c>expiry</c> in Unix milliseconds, indexed), over ADO.NET. The table is created on first use.
/// A save reads the row under a lock (see <see cref="SqlDialect"/>), merges this request's changes and writes it
/// back in one transaction, so concurrent saves keep each other's keys. Expired rows are ignored on read and
/// deleted by the session interface every <see cref="CleanupInterval"/> saves (SESSION_CLEANUP_N_REQUESTS; see
/// <see cref="ISessionSweeper"/>). A schema-qualified table ("web.sessions", SESSION_SQLALCHEMY_SCHEMA) is PostgreSQL's:
/// its schema is created when missing. On SQLite, this process's concurrent saves share one transaction and one commit
/// (group commit), and reads use kept-open connections of their own.
/// </summary>
public sealed partial class SqlSessionStore : ISessionStore, ISynchronousSessionLoad, ISessionSweeper
{
    private readonly DbDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private readonly string _quotedTable;
    // SQLite: one writer at a time anyway, so this process's writes are grouped (null for PostgreSQL).
    private readonly GroupCommitQueue? _writer;
    private readonly PreparedConnectionPool? _readers;
    private volatile bool _schemaReady;

    /// <summary>
    /// Sessions in <paramref name="table"/> of the database behind <paramref name="dataSource"/>.
    /// <paramref name="cleanupInterval"/> saves between two sweeps of expired rows (0: never sweep) unless the session
    /// interface is told otherwise.
    /// </summary>
    public SqlSessionStore(
        DbDataSource dataSource,
        SqlDialect dialect,
        string table = "sessions",
        int cleanupInterval = 100,
        TimeProvider? timeProvider = null,
        bool ownsDataSource = false)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        ArgumentOutOfRangeException.ThrowIfNegative(cleanupInterval);
        _quotedTable = SqlDialect.QuoteTable(table);
        Table = table;
        CleanupInterval = cleanupInterval;
        _time = timeProvider ?? TimeProvider.System;
        _ownsDataSource = ownsDataSource;
        if (Dialect.GroupCommit)
        {
            _writer = new GroupCommitQueue(OpenAsync, Dialect.BeginSaveAsync);
            _readers = new PreparedConnectionPool(OpenAsync, Math.Max(4, Environment.ProcessorCount * 4));
        }
    }

    /// <summary>
    /// A store on the database <paramref name="connectionString"/> names: an ADO.NET connection string
    /// ("Data Source=sessions.db", "Host=…;Database=…") or a URL ("sqlite:///sessions.db", "postgresql://user:pw@host/db").
    /// The dialect is inferred unless given.
    /// </summary>
    public static SqlSessionStore FromConnectionString(
        string connectionString,
        SqlDialect? dialect = null,
        string table = "sessions",
        int cleanupInterval = 100,
        TimeProvider? timeProvider = null) =>
        SqlConnectionSettings.CreateStore(connectionString, dialect?.Name, table, cleanupInterval, timeProvider);

    /// <summary>The database's dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The table holding the sessions.</summary>
    public string Table { get; }

    /// <summary>
    /// Saves between two deletions of expired rows when the session interface is not told otherwise
    /// (<see cref="ServerSideSessionOptions.CleanupInterval"/>); 0 never deletes them.
    /// </summary>
    public int CleanupInterval { get; }

    /// <inheritdoc />
    int ISessionSweeper.DefaultCleanupInterval => CleanupInterval;

    /// <inheritdoc />
    async ValueTask<long> ISessionSweeper.SweepExpiredAsync(CancellationToken cancellationToken) => await DeleteExpiredAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (_readers is not null) return await LoadPreparedAsync(id, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT data FROM {_quotedTable} WHERE id = @id AND expiry > @now");
        Add(command, "id", id);
        Add(command, "now", Now());
        var data = await command.ExecuteScalarAsync(cancellationToken);
        return data is string json ? Parse(json) : null;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_writer is not null)
        {
            var now = Now();
            var expiry = now + (long)timeToLive.TotalMilliseconds;
            await _writer.RunAsync(changes.IsEmpty
                ? (connection, transaction) => Refresh(connection, transaction, id, now, expiry)
                : (connection, transaction) => Merge(connection, transaction, id, changes, now, expiry), cancellationToken);
            return;
        }

        await using (var connection = await OpenAsync(cancellationToken))
        {
            var now = Now();
            var expiry = now + (long)timeToLive.TotalMilliseconds;
            if (changes.IsEmpty) await RefreshAsync(connection, id, now, expiry, cancellationToken);
            else await MergeAsync(connection, id, changes, now, expiry, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            await _writer.RunAsync((connection, transaction) =>
            {
                var command = connection.Command($"DELETE FROM {_quotedTable} WHERE id = @id", transaction);
                Add(command, "id", id);
                command.ExecuteNonQuery();
            }, cancellationToken);
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"DELETE FROM {_quotedTable} WHERE id = @id");
        Add(command, "id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens a connection (creating the table on first use) and runs <c>SELECT 1</c>.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Deletes every expired row now; returns how many went.</summary>
    public async ValueTask<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            var deleted = 0;
            await _writer.RunAsync((connection, transaction) =>
            {
                var command = connection.Command($"DELETE FROM {_quotedTable} WHERE expiry <= @now", transaction);
                Add(command, "now", Now());
                deleted = command.ExecuteNonQuery();
            }, cancellationToken);
            return deleted;
        }
        await using var connection = await OpenAsync(cancellationToken);
        return await DeleteExpiredAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
        if (_readers is not null) await _readers.DisposeAsync();
        if (_ownsDataSource) await _dataSource.DisposeAsync();
    }

    /// <summary>Describes the store in logs and errors, without credentials.</summary>
    public override string ToString() => $"{Dialect.Name} {Table}";

    /// <inheritdoc />
    public int MaxKeyBytes => Dialect.MaxKeyBytes;

    private async Task RefreshAsync(DbConnection connection, string id, long now, long expiry, CancellationToken cancellationToken)
    {
        // A refresh changes no data: one statement is atomic by itself, and a gone session stays gone.
        await using var refresh = Command(connection, $"UPDATE {_quotedTable} SET expiry = @expiry WHERE id = @id AND expiry > @now");
        Add(refresh, "expiry", expiry);
        Add(refresh, "id", id);
        Add(refresh, "now", now);
        await refresh.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task MergeAsync(DbConnection connection, string id, SessionChanges changes, long now, long expiry, CancellationToken cancellationToken)
    {
        await using var transaction = await Dialect.BeginSaveAsync(connection, cancellationToken);
        // The row must exist before it can be locked; an expiry of 0 marks it as not yet holding a session.
        await using (var ensure = Command(connection, $"INSERT INTO {_quotedTable} (id, data, expiry) VALUES (@id, '{{}}', 0) ON CONFLICT (id) DO NOTHING", transaction))
        {
            Add(ensure, "id", id);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        Dictionary<string, string> entries;
        await using (var select = Command(connection, Dialect.SelectForUpdate(Table), transaction))
        {
            Add(select, "id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var live = reader.GetInt64(1) > now && !changes.Cleared;
            entries = live ? Parse(reader.GetString(0)) : new Dictionary<string, string>(StringComparer.Ordinal);
        }
        // Under the row lock: increments are added to the latest value; a bad one throws and the transaction rolls back.
        changes.ApplyTo(entries);

        await using (var update = Command(connection, $"UPDATE {_quotedTable} SET data = @data, expiry = @expiry WHERE id = @id", transaction))
        {
            Add(update, "data", JsonSerializer.Serialize(entries));
            Add(update, "expiry", expiry);
            Add(update, "id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        // Disposing without this commit (an error, a timeout) rolls everything back: never half-written.
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!_schemaReady) await EnsureSchemaAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Created on first use rather than at start-up, so that a database that is down then is not a crash but a 503 until it is back.
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady) return;
            await Dialect.CreateSchemaAsync(connection, Table, cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<int> DeleteExpiredAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"DELETE FROM {_quotedTable} WHERE expiry <= @now");
        Add(command, "now", Now());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Whether <see cref="ISynchronousSessionLoad.Load"/> can run: once the table exists (the start-up check or the first
    /// save makes it), so that it needs no DDL; and not on PostgreSQL yet, where a synchronous command on a frozen server
    /// was measured to outlive SESSION_STORE_TIMEOUT (5 s for a 1 s timeout: Npgsql's synchronous cancel), which only
    /// the asynchronous path bounds.
    /// </summary>
    bool ISynchronousSessionLoad.CanLoadSynchronously => _schemaReady && Dialect is not PostgreSqlDialect;

    /// <inheritdoc />
    /// <remarks>ADO.NET's synchronous calls, bounded by the driver's timeouts (Npgsql's Timeout and Command Timeout, set to SESSION_STORE_TIMEOUT).</remarks>
    IReadOnlyDictionary<string, string>? ISynchronousSessionLoad.Load(string id)
    {
        using var connection = _dataSource.OpenConnection();
        using var command = Command(connection, $"SELECT data FROM {_quotedTable} WHERE id = @id AND expiry > @now");
        Add(command, "id", id);
        Add(command, "now", Now());
        return command.ExecuteScalar() is string json ? Parse(json) : null;
    }
}
