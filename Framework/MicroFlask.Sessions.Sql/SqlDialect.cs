using System.Data.Common;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// The SQL a <see cref="SqlSessionStore"/> speaks to one database: <see cref="Sqlite"/> (the embedded default) or
/// <see cref="PostgreSql"/>. Each says how to take the lock that makes a save's read-merge-write atomic.
/// </summary>
public abstract class SqlDialect
{
    private protected SqlDialect()
    {
    }

    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    /// <summary>PostgreSQL through Npgsql.</summary>
    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>The dialect's name: "sqlite" or "postgresql".</summary>
    public abstract string Name { get; }

    /// <summary>Creates the table and its expiry index when missing.</summary>
    internal abstract Task CreateSchemaAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>Adds the <c>user_key</c> column and its index when missing (a table made before users' sessions existed).</summary>
    internal abstract Task EnsureUserColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>The name of the user index of <paramref name="table"/>.</summary>
    internal static string UserIndexName(string table) => "\"" + table.Replace('.', '_') + "_user_idx\"";

    /// <summary>Starts the transaction of a save, taking the write lock up front where the database allows it.</summary>
    internal abstract ValueTask<DbTransaction> BeginSaveAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Reads a row and locks it until the transaction ends (SQLite's transaction already holds the database lock).</summary>
    internal abstract string SelectForUpdate(string table);

    /// <summary>The longest id the table's primary key can index, in bytes; the id column is TEXT, so no limit unless the index has one.</summary>
    internal virtual int MaxKeyBytes => int.MaxValue;

    /// <summary>
    /// Whether this process's writes go through one connection that commits them in groups (see
    /// <see cref="GroupCommitQueue"/>): SQLite has one writer at a time anyway, so concurrent saves share a commit.
    /// </summary>
    internal virtual bool GroupCommit => false;

    /// <summary>Quotes a table name, schema-qualified or not, after checking that it is a plain identifier.</summary>
    internal static string QuoteTable(string table)
    {
        var parts = table.Split('.');
        if (parts.Length > 2 || !parts.All(IsPlainIdentifier))
            throw new ArgumentException($"SESSION_SQL_TABLE \"{table}\" must be a plain identifier (letters, digits, _), optionally schema.table.", nameof(table));
        return string.Join('.', parts.Select(p => "\"" + p + "\""));
    }

    /// <summary>The schema of a schema-qualified <paramref name="table"/> ("web" in "web.sessions"), else null.</summary>
    internal static string? SchemaOf(string table)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : table[..dot];
    }

    /// <summary>Whether <paramref name="name"/> is a plain identifier (letters, digits, _; not starting with a digit), safe to quote.</summary>
    internal static bool IsPlainIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The name of the expiry index of <paramref name="table"/>.</summary>
    internal static string IndexName(string table) => "\"" + table.Replace('.', '_') + "_expiry_idx\"";

    /// <inheritdoc />
    public override string ToString() => Name;
}
