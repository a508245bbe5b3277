using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Wsgi;

/// <summary>
/// The request as PEP 3333 describes it: REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers, wsgi.input...
/// Typed properties hold the common keys so that a server does not build a dictionary per request; the
/// dictionary view computes the WSGI keys when asked (headers appear as HTTP_*).
/// </summary>
public sealed class Environ : IDictionary<string, object?>
{
    private static readonly string[] TypedKeys =
    {
        "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT",
        "SERVER_PROTOCOL", "wsgi.url_scheme", "wsgi.input", "REMOTE_ADDR", "REMOTE_PORT", "RAW_URI",
    };

    private Dictionary<string, object?>? _extra;
    private string? _remoteAddr;
    private bool _remoteAddrPending;

    /// <summary>Creates an environ for a GET of "/" with no headers.</summary>
    public Environ(IDictionary<string, StringValues>? headers = null)
    {
        Headers = headers ?? new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>REQUEST_METHOD, upper case.</summary>
    public string RequestMethod { get; set; } = "GET";

    /// <summary>SCRIPT_NAME: where the app is mounted, "" at the root.</summary>
    public string ScriptName { get; set; } = "";

    /// <summary>PATH_INFO: the path under <see cref="ScriptName"/>, percent-decoded.</summary>
    public string PathInfo { get; set; } = "/";

    /// <summary>QUERY_STRING, still percent-encoded, without '?'.</summary>
    public string QueryString { get; set; } = "";

    /// <summary>SERVER_NAME.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>SERVER_PORT.</summary>
    public string ServerPort { get; set; } = "80";

    /// <summary>SERVER_PROTOCOL, e.g. "HTTP/1.1".</summary>
    public string ServerProtocol { get; set; } = "HTTP/1.1";

    /// <summary>wsgi.url_scheme: "http" or "https".</summary>
    public string UrlScheme { get; set; } = "http";

    /// <summary>wsgi.input: the request body.</summary>
    public Stream Input { get; set; } = Stream.Null;

    /// <summary>REMOTE_ADDR.</summary>
    public string? RemoteAddr
    {
        // From the server's connection feature on first read: most requests never ask, and formatting costs.
        get
        {
            if (_remoteAddrPending)
            {
                _remoteAddr = RemoteAddress?.ToString();
                _remoteAddrPending = false;
            }
            return _remoteAddr;
        }
        set
        {
            _remoteAddr = value;
            _remoteAddrPending = false;
        }
    }

    /// <summary>The client's address as the server has it, formatted into <see cref="RemoteAddr"/> when first read.</summary>
    internal System.Net.IPAddress? RemoteAddress
    {
        get;
        init
        {
            field = value;
            _remoteAddrPending = value is not null;
        }
    }

    /// <summary>REMOTE_PORT.</summary>
    public string? RemotePort { get; set; }

    /// <summary>RAW_URI: the request target as sent, before decoding (as gunicorn provides it).</summary>
    public string? RawUri { get; set; }

    /// <summary>
    /// Set by the server when the request target could not be decoded (bad percent-encoding): the app answers 400
    /// with this reason instead of routing.
    /// </summary>
    public string? BadRequestReason { get; set; }

    /// <summary>The request headers, case-insensitive, several values per name. CONTENT_TYPE and CONTENT_LENGTH come from here.</summary>
    public IDictionary<string, StringValues> Headers { get; }

    /// <summary>The server's view of the connection, for the adapter that writes the response back.</summary>
    internal Microsoft.AspNetCore.Http.Features.IFeatureCollection? Features { get; set; }

    /// <summary>The ASP.NET Core request, when the app is mounted in an ASP.NET Core app; null when it serves itself.</summary>
    internal Microsoft.AspNetCore.Http.HttpContext? HttpContext { get; set; }

    /// <summary>
    /// The request's scoped services when a host already made a scope (mounted in ASP.NET Core: the
    /// <c>HttpContext.RequestServices</c>); the app then uses it instead of opening its own scope from <see cref="App.Services"/>.
    /// </summary>
    public IServiceProvider? RequestServices { get; set; }

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken RequestAborted { get; set; }

    /// <summary>CONTENT_TYPE, or null.</summary>
    public string? ContentType => Headers.TryGetValue("Content-Type", out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>CONTENT_LENGTH as a number, or null when absent or not a number.</summary>
    public long? ContentLength =>
        Headers.TryGetValue("Content-Length", out var v) && v.Count > 0 && long.TryParse(v[0], out var length) && length >= 0
            ? length
            : null;

    /// <summary>Builds an environ from a plain WSGI dictionary (HTTP_* keys become headers).</summary>
    public static Environ FromDictionary(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var environ = new Environ();
        foreach (var (key, value) in values) environ[key] = value;
        return environ;
    }

    /// <inheritdoc />
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        set => Set(key, value);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        value = key switch
        {
            "REQUEST_METHOD" => RequestMethod,
            "SCRIPT_NAME" => ScriptName,
            "PATH_INFO" => PathInfo,
            "QUERY_STRING" => QueryString,
            "SERVER_NAME" => ServerName,
            "SERVER_PORT" => ServerPort,
            "SERVER_PROTOCOL" => ServerProtocol,
            "wsgi.url_scheme" => UrlScheme,
            "wsgi.input" => Input,
            "REMOTE_ADDR" => RemoteAddr,
            "REMOTE_PORT" => RemotePort,
            "RAW_URI" => RawUri,
            "CONTENT_TYPE" => ContentType,
            "CONTENT_LENGTH" => Headers.TryGetValue("Content-Length", out var length) ? length.ToString() : null,
            _ when key.StartsWith("HTTP_", StringComparison.Ordinal) && Headers.TryGetValue(HeaderName(key), out var header) => header.ToString(),
            _ when _extra is not null && _extra.TryGetValue(key, out var extra) => extra,
            _ => Missing,
        };
        if (ReferenceEquals(value, Missing) || (value is null && key is "CONTENT_TYPE" or "CONTENT_LENGTH" or "REMOTE_ADDR" or "REMOTE_PORT" or "RAW_URI"))
        {
            value = null;
            return false;
        }
        return true;
    }

    private static readonly object Missing = new();

    private void Set(string key, object? value)
    {
        string Text() => value?.ToString() ?? "";
        switch (key)
        {
            case "REQUEST_METHOD": RequestMethod = Text().ToUpperInvariant(); break;
            case "SCRIPT_NAME": ScriptName = Text(); break;
            case "PATH_INFO": PathInfo = Text(); break;
            case "QUERY_STRING": QueryString = Text(); break;
            case "SERVER_NAME": ServerName = Text(); break;
            case "SERVER_PORT": ServerPort = Text(); break;
            case "SERVER_PROTOCOL": ServerProtocol = Text(); break;
            case "wsgi.url_scheme": UrlScheme = Text(); break;
            case "wsgi.input": Input = value as Stream ?? throw new ArgumentException("wsgi.input must be a Stream."); break;
            case "REMOTE_ADDR": RemoteAddr = value?.ToString(); break;
            case "REMOTE_PORT": RemotePort = value?.ToString(); break;
            case "RAW_URI": RawUri = value?.ToString(); break;
            case "CONTENT_TYPE": SetHeader("Content-Type", value); break;
            case "CONTENT_LENGTH": SetHeader("Content-Length", value); break;
            default:
                if (key.StartsWith("HTTP_", StringComparison.Ordinal)) SetHeader(HeaderName(key), value);
                else (_extra ??= new Dictionary<string, object?>(StringComparer.Ordinal))[key] = value;
                break;
        }
    }

    private void SetHeader(string name, object? value)
    {
        if (value is null) Headers.Remove(name);
        else Headers[name] = value is StringValues sv ? sv : new StringValues(value.ToString());
    }

    // HTTP_X_FORWARDED_FOR -> X-Forwarded-For; the header dictionary ignores case anyway.
    private static string HeaderName(string key) => key[5..].Replace('_', '-');

    private static string EnvironKey(string header) => header.ToLowerInvariant() switch
    {
        "content-type" => "CONTENT_TYPE",
        "content-length" => "CONTENT_LENGTH",
        var h => "HTTP_" + h.ToUpperInvariant().Replace('-', '_'),
    };

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var key in TypedKeys)
        {
            if (TryGetValue(key, out var value)) yield return new(key, value);
        }
        foreach (var header in Headers) yield return new(EnvironKey(header.Key), header.Value.ToString());
        if (_extra is null) yield break;
        foreach (var pair in _extra) yield return pair;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public ICollection<string> Keys => this.Select(p => p.Key).ToList();

    /// <inheritdoc />
    public ICollection<object?> Values => this.Select(p => p.Value).ToList();

    /// <inheritdoc />
    public int Count
    {
        get
        {
            // Enumerable.Count would ask ICollection.Count, which is this property: count the pairs themselves.
            var count = 0;
            foreach (var _ in this) count++;
            return count;
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public void Add(string key, object? value) => Set(key, value);

    /// <inheritdoc />
    public void Add(KeyValuePair<string, object?> item) => Set(item.Key, item.Value);

    /// <inheritdoc />
    public void Clear() => throw new NotSupportedException("The WSGI keys of an environ cannot be cleared.");

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var v) && Equals(v, item.Value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        foreach (var pair in this) array[arrayIndex++] = pair;
    }

    /// <inheritdoc />
    public bool Remove(string key)
    {
        if (key.StartsWith("HTTP_", StringComparison.Ordinal)) return Headers.Remove(HeaderName(key));
        if (key == "CONTENT_TYPE") return Headers.Remove("Content-Type");
        if (key == "CONTENT_LENGTH") return Headers.Remove("Content-Length");
        return _extra?.Remove(key) ?? false;
    }

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);
}
