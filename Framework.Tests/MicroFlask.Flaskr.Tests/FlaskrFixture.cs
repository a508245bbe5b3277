using MicroFlask.Testing;
using Microsoft.Data.Sqlite;

namespace MicroFlask.Flaskr.Tests;

/// <summary>
/// The tutorial's conftest: an app on a fresh SQLite file filled with Flask's tests/data.sql (users "test" and
/// "other", password = name, hashed by Werkzeug), a test client, and the <c>auth</c> helper's login.
/// </summary>
internal sealed class FlaskrFixture : IDisposable
{
    private FlaskrFixture(string database, App app)
    {
        Database = database;
        App = app;
        Client = app.TestClient();
    }

    public string Database { get; }

    public App App { get; }

    public TestClient Client { get; }

    public static FlaskrFixture Create()
    {
        var database = Path.Combine(Path.GetTempPath(), "flaskr-test-" + Guid.NewGuid().ToString("N") + ".sqlite");
        var app = FlaskrApp.Create(new Dictionary<string, object?>
        {
            ["TESTING"] = true,
            ["DATABASE"] = database,
            ["PASSWORD_HASH_ITERATIONS"] = 1000,
        });
        using (var connection = new SqliteConnection("Data Source=" + database))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data.sql"));
            command.ExecuteNonQuery();
        }
        return new FlaskrFixture(database, app);
    }

    public Task<TestResponse> LoginAsync(string username = "test", string password = "test") =>
        Client.PostAsync("/auth/login", form: new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    public object? Scalar(string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + Database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(Database);
    }
}
