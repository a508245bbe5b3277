using System.Globalization;
using StackExchange.Redis;

namespace MicroFlask.Sessions.Redis;

/// <summary>
/// Reads the URLs Flask-Session users pass as SESSION_REDIS (<c>redis.from_url(...)</c>):
/// <c>redis://[[user]:password@]host[:port][/db]</c>, and <c>rediss://</c> for TLS. StackExchange.Redis reads only its
/// own "host:port,option=value" strings, and takes a URL for a host name, so without this every request would be a 503.
/// </summary>
internal static class RedisUrl
{
    private const string Forms =
        "Use redis://[[user]:password@]host[:port][/db] (rediss:// for TLS), or a StackExchange.Redis connection string such as \"127.0.0.1:6379,password=...,defaultDatabase=1\"";

    /// <summary>Whether <paramref name="configuration"/> is meant as a URL ("scheme://..."), not a connection string.</summary>
    internal static bool IsUrl(string configuration) => configuration.Contains("://", StringComparison.Ordinal);

    /// <summary>The options <paramref name="url"/> describes; an error naming SESSION_REDIS and the accepted forms when it is not one.</summary>
    /// <exception cref="InvalidOperationException">Not a redis:// or rediss:// URL we can read.</exception>
    internal static ConfigurationOptions Parse(string url)
    {
        // The message never repeats the URL: it may hold a password.
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw Invalid("it is not a well-formed URL");
        var ssl = uri.Scheme switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw Invalid($"the scheme \"{uri.Scheme}\" is not redis or rediss (unix sockets are not supported)"),
        };
        if (uri.Host.Length == 0) throw Invalid("it names no host");

        var options = new ConfigurationOptions { Ssl = ssl };
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        options.EndPoints.Add(host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (ssl) options.SslHost = host;

        if (uri.UserInfo.Length > 0)
        {
            // "user:password", ":password" (no user, as redis-py reads it) or "password"-less "user".
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                if (parts[0].Length > 0) options.User = Uri.UnescapeDataString(parts[0]);
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.User = Uri.UnescapeDataString(parts[0]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        int? database = path.Length == 0 ? null : ParseDatabase(path, "path");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=') is var equals and >= 0 ? (pair[..equals], Uri.UnescapeDataString(pair[(equals + 1)..])) : (pair, "");
            database = name switch
            {
                "db" => ParseDatabase(value, "db parameter"),
                _ => throw Invalid($"its query parameter \"{name}\" is not supported (only db)"),
            };
        }
        if (database is { } db) options.DefaultDatabase = db;
        return options;
    }

    private static int ParseDatabase(string text, string where) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var db)
            ? db
            : throw Invalid($"its {where} \"{text}\" is not a database number");

    private static InvalidOperationException Invalid(string reason) =>
        new($"SESSION_REDIS is not a Redis URL we can read: {reason}. {Forms}.");
}
