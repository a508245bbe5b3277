using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// SQLite: a save runs in <c>BEGIN IMMEDIATE</c>, which takes the database's write lock before reading, so no other
/// save (in this process or another) can slip between its read and its write. The database is put in WAL mode so
/// that reads go on while a save writes.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    internal SqliteDialect()
    {
    }

    /// <inheritdoc />
    public override string Name => "sqlite";

    internal override bool SerializeWritesInProcess => true;

    internal override async Task CreateSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var quoted = QuoteTable(table);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode=WAL;" +
            $"CREATE TABLE IF NOT EXISTS {quoted} (id TEXT NOT NULL PRIMARY KEY, data TEXT NOT NULL, expiry INTEGER NOT NULL);" +
            $"CREATE INDEX IF NOT EXISTS {IndexName(table)} ON {quoted} (expiry);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal override ValueTask<DbTransaction> BeginSaveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    internal override string SelectForUpdate(string table) => $"SELECT data, expiry FROM {QuoteTable(table)} WHERE id = @id";
}
