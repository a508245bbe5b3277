using System.Data.Common;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MicroFlask.Micro.Scaling;

/// <summary>SQLite in a temporary folder, or a table of its own on PostgreSQL, copied into with INSERT … SELECT.</summary>
internal sealed class SqlTarget : StoreTarget
{
    private const string Table = "bench_scaling_sessions";

    private readonly SqlSessionStore _store;
    private readonly Func<DbConnection> _connect;
    private readonly bool _postgres;
    private readonly string? _folder;

    private SqlTarget(SqlSessionStore store, Func<DbConnection> connect, bool postgres, string? folder)
    {
        _store = store;
        _connect = connect;
        _postgres = postgres;
        _folder = folder;
    }

    internal override ISessionStore Store => _store;

    internal static SqlTarget Sqlite()
    {
        var folder = Directory.CreateTempSubdirectory("microflask-scaling-sqlite.").FullName;
        var file = Path.Combine(folder, "sessions.db");
        var store = SqlSessionStore.FromConnectionString("sqlite:///" + file, table: Table);
        return new SqlTarget(store, () => new SqliteConnection("Data Source=" + file), postgres: false, folder);
    }

    internal static SqlTarget Postgres(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':');
        var connectionString = $"Host={uri.Host};Port={uri.Port};Database={uri.AbsolutePath.TrimStart('/')};Username={user[0]};Password={user[1]}";
        var store = SqlSessionStore.FromConnectionString(url, table: Table);
        // A table left by an interrupted run would start the count above zero.
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE IF EXISTS {Table}";
            drop.ExecuteNonQuery();
        }
        return new SqlTarget(store, () => new NpgsqlConnection(connectionString), postgres: true, folder: null);
    }

    protected override async Task CopyAsync(int from, int to)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        var columns = await OtherColumnsAsync(connection);
        var list = columns.Count == 0 ? "" : ", " + string.Join(", ", columns);
        for (var start = from; start < to; start += 100_000)
        {
            await using var command = connection.CreateCommand();
            var end = Math.Min(to, start + 100_000) - 1;
            command.CommandText = _postgres
                ? $"INSERT INTO {Table} (id{list}) SELECT 'bench-' || n{list} FROM {Table}, generate_series({start}, {end}) AS n WHERE id = 'bench-0'"
                : $"WITH RECURSIVE n(x) AS (SELECT {start} UNION ALL SELECT x + 1 FROM n WHERE x < {end}) " +
                  $"INSERT INTO {Table} (id{list}) SELECT 'bench-' || x{list} FROM n, {Table} WHERE id = 'bench-0'";
            await command.ExecuteNonQueryAsync();
        }
        if (_postgres)
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = $"ANALYZE {Table}";
            await analyze.ExecuteNonQueryAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        if (_postgres)
        {
            await using var connection = _connect();
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE IF EXISTS {Table}";
            await drop.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }

    // Every column but the id, whatever the store's schema holds today (data, expiry, the user's key...).
    private async Task<List<string>> OtherColumnsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _postgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{Table}' AND table_schema = current_schema()"
            : $"SELECT name FROM pragma_table_info('{Table}')";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var name = reader.GetString(0);
            if (name != "id") columns.Add(name);
        }
        return columns;
    }
}
