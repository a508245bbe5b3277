using System.Globalization;
using MicroFlask;
using Microsoft.Data.Sqlite;

/// <summary>
/// The request's SQLite connection (Flask tutorial's <c>get_db</c>), opened on first use, kept in <c>g.db</c> and
/// closed when the app context ends. Rows come back as dictionaries, so templates read <c>post['title']</c>; a
/// TIMESTAMP column is a DateTime, as sqlite3's PARSE_DECLTYPES makes it.
/// </summary>
public static class Db
{
    /// <summary>
    /// Registers the teardown and the <c>init-db</c> command (Flask's <c>app.cli.add_command(init_db_command)</c>, run as
    /// <c>dotnet run -- init-db</c>), and creates the tables when the database has none yet, so a first run works without it.
    /// </summary>
    public static void InitApp(App app)
    {
        app.TeardownAppContext(_ => Close());
        app.Cli.Command("init-db", async (string[] _, CancellationToken cancellationToken) =>
        {
            // Foreign keys off, as Python's sqlite3 runs schema.sql: its DROP TABLE user comes before post's.
            await using var connection = new SqliteConnection("Data Source=" + App.Current.Config.GetString("DATABASE") + ";Foreign Keys=False");
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(app.RootPath, "schema.sql"), cancellationToken);
            await command.ExecuteNonQueryAsync(cancellationToken);
            Console.WriteLine("Initialized the database.");
        }, help: "Clear the existing data and create new tables.");
        using var connection = new SqliteConnection("Data Source=" + app.Config.GetString("DATABASE"));
        connection.Open();
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'post'";
        if ((long)probe.ExecuteScalar()! == 0) InitDb(connection, app);
    }

    /// <summary>Clears existing data and creates the tables from schema.sql.</summary>
    public static void InitDb(SqliteConnection connection, App app)
    {
        using var command = connection.CreateCommand();
        command.CommandText = File.ReadAllText(Path.Combine(app.RootPath, "schema.sql"));
        command.ExecuteNonQuery();
    }

    /// <summary>This request's connection.</summary>
    public static SqliteConnection Get()
    {
        var g = G.Current;
        if (g.Get<SqliteConnection>("db") is { } open) return open;
        var connection = new SqliteConnection("Data Source=" + App.Current.Config.GetString("DATABASE") + ";Foreign Keys=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys = ON";
            pragma.ExecuteNonQuery();
        }
        g["db"] = connection;
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> with positional <c>?</c> parameters and returns the rows.</summary>
    public static async Task<List<Dictionary<string, object?>>> QueryAsync(string sql, params object?[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
                if (value is string text && reader.GetDataTypeName(i).Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase))
                {
                    value = DateTime.Parse(text, CultureInfo.InvariantCulture);
                }
                row[reader.GetName(i)] = value;
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The first row, or null (sqlite3's <c>fetchone()</c>).</summary>
    public static async Task<Dictionary<string, object?>?> QueryOneAsync(string sql, params object?[] parameters) =>
        (await QueryAsync(sql, parameters)).FirstOrDefault();

    /// <summary>Runs a statement that returns no rows.</summary>
    public static async Task ExecuteAsync(string sql, params object?[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static SqliteCommand Command(string sql, object?[] parameters)
    {
        var command = Get().CreateCommand();
        // sqlite3's "?" placeholders, numbered in order.
        var index = 0;
        command.CommandText = string.Concat(sql.Select(c => c == '?' ? "$" + ++index : c.ToString()));
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue("$" + (i + 1), parameters[i] ?? DBNull.Value);
        return command;
    }

    private static void Close()
    {
        if (G.Current.Pop("db") is SqliteConnection connection) connection.Dispose();
    }
}
