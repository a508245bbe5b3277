using System.Data.Common;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Sql;

// A user's sessions: the indexed column user_key of the sessions' own rows, added to a table made before it existed on
// the first use of users' sessions. A row keeps its user_key through every save, so only a change of user writes it.
public sealed partial class SqlSessionStore : IUserSessionIndex
{
    private volatile bool _userColumnReady;

    /// <summary>Sets the row's <c>user_key</c>; the row's own expiry is the index entry's.</summary>
    async ValueTask IUserSessionIndex.AddAsync(string userKey, string id, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await WriteAsync($"UPDATE {_quotedTable} SET user_key = @user WHERE id = @id", userKey, id, cancellationToken);
    }

    /// <summary>Clears <c>user_key</c> on those rows that still name this user.</summary>
    async ValueTask IUserSessionIndex.RemoveAsync(string userKey, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        foreach (var id in ids)
            await WriteAsync($"UPDATE {_quotedTable} SET user_key = NULL WHERE id = @id AND user_key = @user", userKey, id, cancellationToken);
    }

    /// <summary>The ids of the live rows of this user, by the index on <c>user_key</c>.</summary>
    async ValueTask<IReadOnlyCollection<string>> IUserSessionIndex.FindAsync(string userKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenForUsersAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT id FROM {_quotedTable} WHERE user_key = @user AND expiry > @now");
        Add(command, "user", userKey);
        Add(command, "now", Now());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    private async Task<DbConnection> OpenForUsersAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        if (_userColumnReady) return connection;
        try
        {
            await _schemaLock.WaitAsync(cancellationToken);
            try
            {
                if (!_userColumnReady) await Dialect.EnsureUserColumnAsync(connection, Table, cancellationToken);
                _userColumnReady = true;
            }
            finally
            {
                _schemaLock.Release();
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task WriteAsync(string sql, string userKey, string id, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            // The column first, on a connection of its own: the writer's connection only ever runs grouped writes.
            if (!_userColumnReady) await (await OpenForUsersAsync(cancellationToken)).DisposeAsync();
            await WriteGroupedAsync(sql, userKey, id, cancellationToken);
            return;
        }
        await using var connection = await OpenForUsersAsync(cancellationToken);
        await using var command = Command(connection, sql);
        Add(command, "user", userKey);
        Add(command, "id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
