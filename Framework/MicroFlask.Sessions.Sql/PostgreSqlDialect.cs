using System.Data;
using System.Data.Common;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// PostgreSQL: a save makes sure the row exists (<c>INSERT … ON CONFLICT DO NOTHING</c>), then locks it with
/// <c>SELECT … FOR UPDATE</c>, so concurrent saves of one session queue on that row while other sessions go on.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    internal PostgreSqlDialect()
    {
    }

    /// <inheritdoc />
    public override string Name => "postgresql";

    internal override Task CreateSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var quoted = QuoteTable(table);
        return RunLockedDdlAsync(connection, table,
            $"CREATE TABLE IF NOT EXISTS {quoted} (id TEXT NOT NULL PRIMARY KEY, data TEXT NOT NULL, expiry BIGINT NOT NULL);" +
            $"CREATE INDEX IF NOT EXISTS {IndexName(table)} ON {quoted} (expiry);", cancellationToken, createSchema: true);
    }

    internal override Task EnsureUserColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var quoted = QuoteTable(table);
        return RunLockedDdlAsync(connection, table,
            $"ALTER TABLE {quoted} ADD COLUMN IF NOT EXISTS user_key TEXT;" +
            $"CREATE INDEX IF NOT EXISTS {UserIndexName(table)} ON {quoted} (user_key);", cancellationToken);
    }

    // CREATE/ALTER … IF NOT EXISTS still fails when two processes change the same table at once: a lock per table first.
    // A schema-qualified table (SESSION_SQLALCHEMY_SCHEMA) gets its schema made when missing, under a lock per schema
    // (two tables of one new schema), and only when missing: CREATE SCHEMA needs the CREATE right on the database even
    // with IF NOT EXISTS, which a user of an existing schema may well not have.
    private static async Task RunLockedDdlAsync(DbConnection connection, string table, string ddl, CancellationToken cancellationToken, bool createSchema = false)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var schema = createSchema ? SchemaOf(table) : null;
        await using (var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@lock))", ("lock", "microflask.sessions:" + table)))
            await command.ExecuteNonQueryAsync(cancellationToken);
        if (schema is not null)
        {
            await using (var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@lock))", ("lock", "microflask.sessions.schema:" + schema)))
                await command.ExecuteNonQueryAsync(cancellationToken);
            await using var exists = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", ("schema", schema));
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true) ddl = $"CREATE SCHEMA IF NOT EXISTS \"{schema}\";" + ddl;
        }
        await using (var command = Command(connection, transaction, ddl))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    internal override async ValueTask<DbTransaction> BeginSaveAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    // A B-tree entry may take a third of a page (2,704 bytes with its header: "index row size exceeds btree maximum"),
    // so a longer id could never be inserted; 2,048 leaves room for the header and any page size.
    internal override int MaxKeyBytes => 2048;

    internal override string SelectForUpdate(string table) => $"SELECT data, expiry FROM {QuoteTable(table)} WHERE id = @id FOR UPDATE";
}
