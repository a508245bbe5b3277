using StackExchange.Redis;

namespace MicroFlask.Sessions.Redis;

/// <summary>
/// Turns a connection string into options that suit a session store: a request waiting on sessions should fail
/// fast with a 503 when Redis is down and recover by itself when it is back. Options written in the string win.
/// </summary>
internal static class RedisConnectionOptions
{
    internal const int DefaultTimeoutMilliseconds = 2000;

    /// <param name="configuration">The StackExchange.Redis connection string, or a redis:// or rediss:// URL (see <see cref="RedisUrl"/>).</param>
    /// <param name="operationTimeout">SESSION_STORE_TIMEOUT: the connect, sync and async timeouts unless the string sets them (2 s when null).</param>
    internal static ConfigurationOptions Create(string configuration, TimeSpan? operationTimeout = null)
    {
        var options = RedisUrl.IsUrl(configuration) ? RedisUrl.Parse(configuration) : ConfigurationOptions.Parse(configuration);
        if (options.EndPoints.Count == 0)
            throw new ArgumentException($"The Redis connection string \"{configuration}\" names no server (expected e.g. \"127.0.0.1:6379\").", nameof(configuration));

        // Start even when Redis is down, and keep reconnecting: the app then serves 503s instead of not starting.
        if (!Mentions(configuration, "abortConnect")) options.AbortOnConnectFail = false;
        var timeout = operationTimeout is { } given ? (int)Math.Ceiling(given.TotalMilliseconds) : DefaultTimeoutMilliseconds;
        if (!Mentions(configuration, "connectTimeout")) options.ConnectTimeout = timeout;
        if (!Mentions(configuration, "syncTimeout")) options.SyncTimeout = timeout;
        if (!Mentions(configuration, "asyncTimeout")) options.AsyncTimeout = timeout;
        // Without a connection, fail a command at once rather than queueing it until its timeout.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Reconnect attempts back off up to 2 s, so a restarted Redis is picked up within a few seconds.
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        if (!Mentions(configuration, "name")) options.ClientName = "microflask-sessions";
        return options;
    }

    private static bool Mentions(string configuration, string option) =>
        configuration.Split(',').Any(part => part.Trim().StartsWith(option + "=", StringComparison.OrdinalIgnoreCase));
}
