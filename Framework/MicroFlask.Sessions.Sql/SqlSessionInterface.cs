using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// Server-side sessions in SQL (SESSION_TYPE "sqlalchemy" or "sql"):
/// <c>app.SessionInterface = new SqlSessionInterface("Data Source=sessions.db");</c>
/// </summary>
public sealed class SqlSessionInterface : ServerSideSessionInterface
{
    /// <summary>Sessions in <paramref name="store"/>.</summary>
    public SqlSessionInterface(SqlSessionStore store, ServerSideSessionOptions? options = null)
        : base(store, options)
    {
    }

    /// <summary>
    /// Sessions in <paramref name="table"/> of the database <paramref name="connectionString"/> names: an ADO.NET
    /// connection string ("Data Source=sessions.db" for SQLite, "Host=…;Database=…" for PostgreSQL) or a URL
    /// ("sqlite:///sessions.db", "postgresql://user:password@host:5432/db").
    /// </summary>
    public SqlSessionInterface(string connectionString, string table = "sessions", ServerSideSessionOptions? options = null, TimeProvider? timeProvider = null)
        : base(SqlConnectionSettings.CreateStore(connectionString, null, table, 100, timeProvider, (options ?? new()).OperationTimeout), options)
    {
    }
}
