using System.Data.Common;
using Npgsql;

namespace MicroFlask.Sessions.Sql;

/// <summary>Turns SESSION_SQL_URL (a connection string, a URL or a <see cref="DbDataSource"/>) into a store, choosing the dialect.</summary>
internal static class SqlConnectionSettings
{
    // operationTimeout: SESSION_STORE_TIMEOUT, for the PostgreSQL driver's own timeouts (see WithTimeouts); null keeps Npgsql's.
    // schema: SESSION_SQLALCHEMY_SCHEMA, put before the table (PostgreSQL only); null for none.
    internal static SqlSessionStore CreateStore(object connection, string? dialect, string table, int cleanupInterval, TimeProvider? timeProvider, TimeSpan? operationTimeout = null, string? schema = null)
    {
        if (connection is DbDataSource dataSource)
        {
            var chosen = dialect is null
                ? dataSource is NpgsqlDataSource ? SqlDialect.PostgreSql : dataSource is SqliteDataSource ? SqlDialect.Sqlite
                : throw new InvalidOperationException($"SESSION_SQL_DIALECT must be set (\"sqlite\" or \"postgresql\") for a {dataSource.GetType().Name}.")
                : Parse(dialect);
            return new SqlSessionStore(dataSource, chosen, InSchema(chosen, schema, table), cleanupInterval, timeProvider);
        }
        if (connection is not string text || string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException("SESSION_SQL_URL must be a connection string, a URL or a DbDataSource.");

        var (connectionString, inferred) = Normalize(text.Trim());
        var resolved = dialect is null ? inferred : Parse(dialect);
        if (resolved is null)
            throw new InvalidOperationException("SESSION_SQL_URL: cannot tell whether it is SQLite or PostgreSQL; set SESSION_SQL_DIALECT to \"sqlite\" or \"postgresql\".");
        table = InSchema(resolved, schema, table);
        DbDataSource source = resolved is PostgreSqlDialect
            ? NpgsqlDataSource.Create(WithTimeouts(connectionString, operationTimeout))
            : new SqliteDataSource(connectionString);
        return new SqlSessionStore(source, resolved, table, cleanupInterval, timeProvider, ownsDataSource: true);
    }

    /// <summary>
    /// <paramref name="table"/> qualified by <paramref name="schema"/> (SESSION_SQLALCHEMY_SCHEMA), as SQLAlchemy's
    /// <c>__table_args__ = {"schema": ...}</c> does; checked here so that a mistake fails at start-up.
    /// </summary>
    internal static string InSchema(SqlDialect dialect, string? schema, string table)
    {
        if (string.IsNullOrEmpty(schema)) return table;
        if (dialect is SqliteDialect)
            throw new InvalidOperationException(
                $"SESSION_SQLALCHEMY_SCHEMA is \"{schema}\" but the session database is SQLite, which has no schemas (a name before the table's dot is an "
                + "attached database there): remove SESSION_SQLALCHEMY_SCHEMA (and SESSION_SQL_SCHEMA), or keep the sessions in PostgreSQL.");
        if (!SqlDialect.IsPlainIdentifier(schema))
            throw new InvalidOperationException($"SESSION_SQLALCHEMY_SCHEMA \"{schema}\" must be a plain identifier (letters, digits, _), such as \"web\".");
        if (SqlDialect.SchemaOf(table) is not null)
            throw new InvalidOperationException(
                $"SESSION_SQL_TABLE \"{table}\" already names a schema and SESSION_SQLALCHEMY_SCHEMA is \"{schema}\": give the schema in one of them only.");
        return schema + "." + table;
    }

    internal static SqlDialect Parse(string dialect) => dialect.Trim().ToLowerInvariant() switch
    {
        "sqlite" => SqlDialect.Sqlite,
        "postgresql" or "postgres" or "npgsql" => SqlDialect.PostgreSql,
        _ => throw new InvalidOperationException($"SESSION_SQL_DIALECT \"{dialect}\" is not supported: use \"sqlite\" or \"postgresql\"."),
    };

    /// <summary>An ADO.NET connection string and the dialect it looks like (null when it is unclear).</summary>
    private static (string ConnectionString, SqlDialect? Dialect) Normalize(string text)
    {
        // SQLAlchemy-style URLs, as Flask-Session users have them in SQLALCHEMY_DATABASE_URI.
        if (text.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase)) return ("Data Source=" + text["sqlite:///".Length..], SqlDialect.Sqlite);
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return (FromPostgresUrl(new Uri(text)), SqlDialect.PostgreSql);

        var builder = new DbConnectionStringBuilder { ConnectionString = text };
        if (builder.ContainsKey("Host") || builder.ContainsKey("Server")) return (text, SqlDialect.PostgreSql);
        if (builder.ContainsKey("Data Source") || builder.ContainsKey("DataSource") || builder.ContainsKey("Filename")) return (text, SqlDialect.Sqlite);
        return (text, null);
    }

    /// <summary>
    /// Npgsql's waits bounded by <paramref name="operationTimeout"/>, except those the connection string sets: connecting
    /// (Timeout), a command (Command Timeout), the answer to a cancel, which a frozen server never sends (Cancellation
    /// Timeout), and a keepalive on idle connections, so that a dead server's pooled connections are found out.
    /// </summary>
    internal static string WithTimeouts(string connectionString, TimeSpan? operationTimeout)
    {
        if (operationTimeout is not { } timeout) return connectionString;
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql counts these in whole seconds, and 0 means "no limit": never less than one.
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        if (!Mentions(given, "Timeout")) builder.Timeout = seconds;
        if (!Mentions(given, "Command Timeout", "CommandTimeout")) builder.CommandTimeout = seconds;
        if (!Mentions(given, "Cancellation Timeout", "CancellationTimeout"))
            builder.CancellationTimeout = Math.Max(1, (int)Math.Min(timeout.TotalMilliseconds, 1000));
        if (!Mentions(given, "Keepalive")) builder.KeepAlive = seconds;
        return builder.ConnectionString;
    }

    private static bool Mentions(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);

    private static string FromPostgresUrl(Uri url)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Database = url.AbsolutePath.TrimStart('/') };
        if (url.Port > 0) builder.Port = url.Port;
        var userInfo = url.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        return builder.ConnectionString;
    }
}
