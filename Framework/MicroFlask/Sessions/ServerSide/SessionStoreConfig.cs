using System.Text.Json;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The one way a store package reads its "client or connection string" setting (SESSION_REDIS, SESSION_MEMCACHED,
/// SESSION_MONGODB...), so that every store accepts the same two forms and fails with the same sentences.
/// </summary>
public static class SessionStoreConfig
{
    /// <summary>
    /// Builds the store that config key <paramref name="key"/> describes: <paramref name="fromClient"/> when it holds a
    /// <typeparamref name="TClient"/> the app made (the app keeps and disposes it), <paramref name="fromConnectionString"/>
    /// when it holds text (the store opens, owns and disposes the client).
    /// </summary>
    /// <param name="config">The app's config.</param>
    /// <param name="sessionType">The SESSION_TYPE the store serves, for the error message.</param>
    /// <param name="key">The config key, e.g. "SESSION_REDIS".</param>
    /// <param name="connectionExample">A connection string to show in the error, e.g. "127.0.0.1:6379".</param>
    /// <param name="fromClient">Builds the store on a client the app passed in.</param>
    /// <param name="fromConnectionString">Builds the store from a connection string.</param>
    /// <exception cref="InvalidOperationException">The key is missing, empty, or holds something else.</exception>
    public static TStore CreateStore<TClient, TStore>(
        Config config,
        string sessionType,
        string key,
        string connectionExample,
        Func<TClient, TStore> fromClient,
        Func<string, TStore> fromConnectionString)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fromClient);
        ArgumentNullException.ThrowIfNull(fromConnectionString);
        var value = config[key];
        if (value is TClient given) return fromClient(given);
        // A JSON config file gives its strings as JsonElement.
        var connection = value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(connection)) return fromConnectionString(connection);

        var client = WithArticle(typeof(TClient).Name);
        if (value is null || connection is not null)
        {
            throw new InvalidOperationException(
                $"SESSION_TYPE is \"{sessionType}\" but {key} is not set: set it to a connection string such as \"{connectionExample}\" "
                + $"(or MICROFLASK_{key} in the environment), or to {client}.");
        }
        throw new InvalidOperationException(
            $"{key} must be a connection string or {client}, not {WithArticle(value.GetType().Name)}: set it to one of those.");
    }

    private static string WithArticle(string typeName) => ("AEIOU".Contains(typeName[0]) ? "an " : "a ") + typeName;
}
