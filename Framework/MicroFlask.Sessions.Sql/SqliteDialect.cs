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

    internal override bool GroupCommit => true;

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

    internal override async Task EnsureUserColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var quoted = QuoteTable(table);
        var parts = table.Split('.');
        await using (var check = ((SqliteConnection)connection).CreateCommand())
        {
            check.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@table, @schema) WHERE name = 'user_key'";
            check.Parameters.AddWithValue("@table", parts[^1]);
            check.Parameters.AddWithValue("@schema", parts.Length == 2 ? parts[0] : "main");
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                try
                {
                    await using var alter = connection.CreateCommand();
                    alter.CommandText = $"ALTER TABLE {quoted} ADD COLUMN user_key TEXT";
                    await alter.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
                {
                    // Another process added it between the check and here.
                }
            }
        }
        await using var index = connection.CreateCommand();
        index.CommandText = $"CREATE INDEX IF NOT EXISTS {UserIndexName(table)} ON {quoted} (user_key)";
        await index.ExecuteNonQueryAsync(cancellationToken);
    }

    internal override ValueTask<DbTransaction> BeginSaveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    internal override string SelectForUpdate(string table) => $"SELECT data, expiry FROM {QuoteTable(table)} WHERE id = @id";
}
