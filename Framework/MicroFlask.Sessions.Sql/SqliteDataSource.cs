using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Sessions.Sql;

/// <summary>A <see cref="DbDataSource"/> over Microsoft.Data.Sqlite, which has none (its connections are pooled by the provider).</summary>
internal sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(ConnectionString);
}
