using System.Data.Common;
using System.Text.Json;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Sql;

// The path of a database with one writer at a time (SQLite): writes go through the GroupCommitQueue, in one transaction
// per group on one kept-open connection; loads use kept-open connections of their own, with their statements parsed once.
public sealed partial class SqlSessionStore
{
    /// <summary>Transactions the group commit has committed: fewer than the writes when they were grouped.</summary>
    internal int GroupCommits => _writer?.Commits ?? 0;

    private async ValueTask<IReadOnlyDictionary<string, string>?> LoadPreparedAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _readers!.RentAsync(cancellationToken);
        var broken = true;
        try
        {
            var command = connection.Command($"SELECT data FROM {_quotedTable} WHERE id = @id AND expiry > @now");
            Add(command, "id", id);
            Add(command, "now", Now());
            var data = command.ExecuteScalar();
            broken = false;
            return data is string json ? Parse(json) : null;
        }
        finally
        {
            await _readers.ReturnAsync(connection, broken);
        }
    }

    private void Refresh(PreparedConnection connection, DbTransaction transaction, string id, long now, long expiry)
    {
        // A refresh changes no data, and a gone session stays gone.
        var refresh = connection.Command($"UPDATE {_quotedTable} SET expiry = @expiry WHERE id = @id AND expiry > @now", transaction);
        Add(refresh, "expiry", expiry);
        Add(refresh, "id", id);
        Add(refresh, "now", now);
        refresh.ExecuteNonQuery();
    }

    private void Merge(PreparedConnection connection, DbTransaction transaction, string id, SessionChanges changes, long now, long expiry)
    {
        // The group's transaction holds the database's write lock: no other writer, here or in another process, can
        // come between this read and the write below.
        Dictionary<string, string>? entries = null;
        if (!changes.Cleared)
        {
            var select = connection.Command($"SELECT data FROM {_quotedTable} WHERE id = @id AND expiry > @now", transaction);
            Add(select, "id", id);
            Add(select, "now", now);
            if (select.ExecuteScalar() is string json) entries = Parse(json);
        }
        entries ??= new Dictionary<string, string>(StringComparer.Ordinal);
        // A bad increment throws here, before this save wrote anything; the queue fails only this save.
        changes.ApplyTo(entries);

        // One statement, so atomic by itself; an existing row keeps its user_key.
        var upsert = connection.Command(
            $"INSERT INTO {_quotedTable} (id, data, expiry) VALUES (@id, @data, @expiry) " +
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry = excluded.expiry", transaction);
        Add(upsert, "id", id);
        Add(upsert, "data", JsonSerializer.Serialize(entries));
        Add(upsert, "expiry", expiry);
        upsert.ExecuteNonQuery();
    }

    /// <summary>Runs one write of the users' index through the queue.</summary>
    private Task WriteGroupedAsync(string sql, string userKey, string id, CancellationToken cancellationToken) =>
        _writer!.RunAsync((connection, transaction) =>
        {
            var command = connection.Command(sql, transaction);
            Add(command, "user", userKey);
            Add(command, "id", id);
            command.ExecuteNonQuery();
        }, cancellationToken);
}
