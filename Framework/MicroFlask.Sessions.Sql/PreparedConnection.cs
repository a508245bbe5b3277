using System.Data.Common;

namespace MicroFlask.Sessions.Sql;

/// <summary>
/// A connection kept open with one command per SQL text, so that each statement is parsed once (Microsoft.Data.Sqlite
/// keeps a command's prepared statements until its text changes): parsing costs more than running these statements.
/// Used by one caller at a time.
/// </summary>
internal sealed class PreparedConnection(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared, in <paramref name="transaction"/>.</summary>
    public DbCommand Command(string sql, DbTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _commands.Clear();
        await connection.DisposeAsync();
    }
}
