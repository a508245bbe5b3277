using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Wsgi;

/// <summary>
/// Werkzeug's <c>ProxyFix</c>: behind proxies that set X-Forwarded-For, -Proto, -Host, -Port and -Prefix, rewrites
/// the environ so that it describes the client's request rather than the last proxy's. Each header is trusted for a
/// given number of proxies: the value the nearest of those added (the Nth from the right) is used; a header with fewer
/// values, or a value that is not valid for it, changes nothing. The environ's values from before go under
/// <see cref="OriginalKey"/>.
/// </summary>
/// <remarks>
/// Trust only what your own proxies set: a client can send any of these headers, and a count larger than the number of
/// proxies that append to a header hands the client the value.
/// </remarks>
internal sealed class ProxyFix
{
    /// <summary>Where the environ keeps the values from before the rewrite, as in Werkzeug.</summary>
    public const string OriginalKey = "werkzeug.proxy_fix.orig";

    public ProxyFix(int xFor, int xProto, int xHost, int xPort, int xPrefix)
    {
        XFor = Trusted(xFor, nameof(xFor));
        XProto = Trusted(xProto, nameof(xProto));
        XHost = Trusted(xHost, nameof(xHost));
        XPort = Trusted(xPort, nameof(xPort));
        XPrefix = Trusted(xPrefix, nameof(xPrefix));
    }

    public int XFor { get; }

    public int XProto { get; }

    public int XHost { get; }

    public int XPort { get; }

    public int XPrefix { get; }

    /// <summary>Rewrites REMOTE_ADDR, wsgi.url_scheme, HTTP_HOST, SERVER_NAME, SERVER_PORT and SCRIPT_NAME from the trusted headers.</summary>
    public void Apply(Environ environ)
    {
        ArgumentNullException.ThrowIfNull(environ);
        environ[OriginalKey] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["REMOTE_ADDR"] = environ.RemoteAddr,
            ["wsgi.url_scheme"] = environ.UrlScheme,
            ["HTTP_HOST"] = HeaderValue(environ, "Host"),
            ["SERVER_NAME"] = environ.ServerName,
            ["SERVER_PORT"] = environ.ServerPort,
            ["SCRIPT_NAME"] = environ.ScriptName,
        };

        if (TrustedValue(environ, "X-Forwarded-For", XFor) is { } client) environ.RemoteAddr = client;

        if (TrustedValue(environ, "X-Forwarded-Proto", XProto) is { } proto && IsScheme(proto))
            environ.UrlScheme = proto.ToLowerInvariant();

        if (TrustedValue(environ, "X-Forwarded-Host", XHost) is { } host && IsHost(host))
        {
            environ.Headers["Host"] = host;
            var (name, port) = SplitPort(host);
            environ.ServerName = name;
            if (port is not null) environ.ServerPort = port;
        }

        if (TrustedValue(environ, "X-Forwarded-Port", XPort) is { } forwardedPort && IsPort(forwardedPort))
        {
            if (HeaderValue(environ, "Host") is { Length: > 0 } current)
                environ.Headers["Host"] = SplitPort(current).Name + ":" + forwardedPort;
            environ.ServerPort = forwardedPort;
        }

        // The prefix nginx strips from the path (location /app/ { proxy_pass http://app/; }): url_for puts it back.
        if (TrustedValue(environ, "X-Forwarded-Prefix", XPrefix) is { } prefix && IsPrefix(prefix))
            environ.ScriptName = prefix.TrimEnd('/');
    }

    private static int Trusted(int count, string name) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(name, count, $"{name} is how many proxies set the header: 0 or more.");

    private static string? HeaderValue(Environ environ, string name) =>
        environ.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    /// <summary>The value the <paramref name="trusted"/>th proxy from the server added, or null when there are fewer values.</summary>
    private static string? TrustedValue(Environ environ, string header, int trusted)
    {
        if (trusted == 0 || !environ.Headers.TryGetValue(header, out var lines) || StringValues.IsNullOrEmpty(lines)) return null;
        // Several header lines count as one comma-separated list, in order, as a WSGI server joins them; empty items are skipped.
        var values = new List<string>();
        foreach (var line in lines)
        {
            if (line is null) continue;
            foreach (var item in line.Split(','))
            {
                var value = item.Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1].Trim();
                if (value.Length > 0) values.Add(value);
            }
        }
        return values.Count >= trusted ? values[^trusted] : null;
    }

    // "host", "host:port", "[v6]" or "[v6]:port": the port is after the last colon unless that colon is inside brackets.
    private static (string Name, string? Port) SplitPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon >= 0 && !host.EndsWith(']') && host.IndexOf(']', colon) < 0 ? (host[..colon], host[(colon + 1)..]) : (host, null);
    }

    private static bool IsScheme(string value) =>
        char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    private static bool IsHost(string value)
    {
        var (name, port) = SplitPort(value);
        if (name.Length == 0 || (port is not null && !IsPort(port))) return false;
        if (name[0] == '[') return name[^1] == ']' && System.Net.IPAddress.TryParse(name[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
    }

    private static bool IsPort(string value) =>
        value.Length is > 0 and <= 5 && value.All(char.IsAsciiDigit)
        && int.Parse(value, CultureInfo.InvariantCulture) is > 0 and <= 65535;

    private static bool IsPrefix(string value) =>
        value[0] == '/' && !value.Any(c => c is '?' or '#' || char.IsControl(c) || char.IsWhiteSpace(c));
}
