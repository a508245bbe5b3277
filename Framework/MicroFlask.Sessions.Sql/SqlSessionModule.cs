using System.Runtime.CompilerServices;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;

namespace MicroFlask.Sessions.Sql;

/// <summary>Registers SESSION_TYPE "sqlalchemy" and "sql" when this assembly loads, for <see cref="App.UseSessionStore"/>.</summary>
internal static class SqlSessionModule
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Registration by loading is the design: SessionStoreRegistry loads this assembly for SESSION_TYPE \"sqlalchemy\".")]
    internal static void Register()
    {
        SessionStoreRegistry.Register("sqlalchemy", Create);
        SessionStoreRegistry.Register("sql", Create);
    }

    // Flask-Session's SESSION_SQLALCHEMY_SEQUENCE feeds its integer surrogate key; our rows are keyed by the session id.
    private static readonly Action<ILogger, string, Exception?> SequenceIgnored = LoggerMessage.Define<string>(LogLevel.Warning,
        new EventId(4120, "SqlSequenceIgnored"),
        "SESSION_SQLALCHEMY_SEQUENCE is \"{Sequence}\" and is ignored: MicroFlask's session table has no integer id for a sequence to fill, "
        + "its rows are keyed by the session id itself (see docs/sessions.md, SQL). Remove the setting to silence this warning");

    /// <summary>
    /// Reads SESSION_SQL_URL (or Flask-Session's SESSION_SQLALCHEMY), SESSION_SQL_DIALECT, SESSION_SQL_TABLE (or
    /// SESSION_SQLALCHEMY_TABLE), SESSION_SQLALCHEMY_SCHEMA (or SESSION_SQL_SCHEMA), SESSION_CLEANUP_N_REQUESTS, and
    /// warns that SESSION_SQLALCHEMY_SEQUENCE is accepted and ignored.
    /// </summary>
    private static SessionInterface Create(App app)
    {
        var config = app.Config;
        var connection = config["SESSION_SQL_URL"] ?? config["SESSION_SQLALCHEMY"];
        if (connection is null || connection is string { Length: 0 })
            throw new InvalidOperationException(
                "SESSION_TYPE \"sqlalchemy\" needs SESSION_SQL_URL (or SESSION_SQLALCHEMY): a connection string such as \"Data Source=sessions.db\", a URL, or a DbDataSource.");
        var table = config.GetString("SESSION_SQL_TABLE") ?? config.GetString("SESSION_SQLALCHEMY_TABLE") ?? "sessions";
        var cleanup = config.GetLong("SESSION_CLEANUP_N_REQUESTS") ?? 100;
        if (cleanup < 0) throw new InvalidOperationException($"SESSION_CLEANUP_N_REQUESTS is {cleanup}: use a number of saves, or 0 to never clean up.");
        var schema = config.GetString("SESSION_SQLALCHEMY_SCHEMA") ?? config.GetString("SESSION_SQL_SCHEMA");
        var options = ServerSideSessionOptions.FromConfig(config);
        var store = SqlConnectionSettings.CreateStore(connection, config.GetString("SESSION_SQL_DIALECT"), table, (int)cleanup, new AppTimeProvider(app), options.OperationTimeout, schema);
        if (config.GetString("SESSION_SQLALCHEMY_SEQUENCE") is { Length: > 0 } sequence) SequenceIgnored(app.Logger, sequence, null);
        return new SqlSessionInterface(store, options);
    }
}
