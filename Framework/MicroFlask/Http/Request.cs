using System.Text.Json;
using MicroFlask.Context;
using MicroFlask.Routing;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Primitives;
using MicroFlask.Http;

// Request, Response, Markup and HttpException live in namespace MicroFlask, not MicroFlask.Http as their folder
// says: they are what a view types, so that `using MicroFlask;` alone is enough for an app.
namespace MicroFlask;

/// <summary>
/// The incoming request, read from the WSGI environ (Flask's <c>Request</c>). Inside a view,
/// <see cref="Current"/> is the request being handled.
/// </summary>
public sealed class Request
{
    private static readonly IReadOnlyDictionary<string, object?> NoViewArgs = new Dictionary<string, object?>();
    private MultiDict<string>? _args;
    private MultiDict<string>? _form;
    private MultiDict<FileStorage>? _files;
    private IReadOnlyDictionary<string, string>? _cookies;
    private byte[] _data = [];
    private bool _bodyLoaded;
    private BodyStream? _body;
    private bool _streamTaken;
    private MemoryStream? _loadedStream;
    private List<SpooledFile>? _spooled;

    /// <summary>Wraps <paramref name="environ"/>, read under Flask's default body limits.</summary>
    public Request(Environ environ) : this(environ, RequestLimits.Default) { }

    /// <summary>Wraps <paramref name="environ"/>, read under <paramref name="limits"/> (the app's config).</summary>
    internal Request(Environ environ, RequestLimits limits)
    {
        Environ = environ ?? throw new ArgumentNullException(nameof(environ));
        Limits = limits;
    }

    /// <summary>The request being handled; throws outside of a request.</summary>
    public static Request Current => RequestContext.Current.Request;

    /// <summary>The body limits this request is read under.</summary>
    internal RequestLimits Limits { get; }

    /// <summary>The WSGI environ this request reads from.</summary>
    public Environ Environ { get; }

    /// <summary>The method, upper case.</summary>
    public string Method => Environ.RequestMethod;

    /// <summary>The path under the app's root, decoded, e.g. "/user/42".</summary>
    public string Path => string.IsNullOrEmpty(Environ.PathInfo) ? "/" : Environ.PathInfo;

    /// <summary>Where the app is mounted (SCRIPT_NAME), "" at the root.</summary>
    public string ScriptRoot => Environ.ScriptName.TrimEnd('/');

    /// <summary>The path with the query string, e.g. "/search?q=x".</summary>
    public string FullPath => Environ.QueryString.Length == 0 ? Path : Path + "?" + Environ.QueryString;

    /// <summary>The Host header, or SERVER_NAME:SERVER_PORT, without the scheme's default port (as Werkzeug's <c>get_host</c>).</summary>
    public string Host => WithoutDefaultPort(Header("Host") ?? Environ.ServerName + ":" + Environ.ServerPort);

    /// <summary>The URL scheme, "http" or "https" (wsgi.url_scheme; behind a proxy, see <see cref="App.UseProxyFix"/>).</summary>
    public string Scheme => Environ.UrlScheme;

    /// <summary>Whether the request came over HTTPS (or WSS).</summary>
    public bool IsSecure => Scheme is "https" or "wss";

    /// <summary>The scheme and host, e.g. "http://localhost:5000/".</summary>
    public string HostUrl => Environ.UrlScheme + "://" + Host + "/";

    /// <summary>The full URL, query string included.</summary>
    public string Url => Environ.UrlScheme + "://" + Host + ScriptRoot + FullPath;

    /// <summary>The URL without the query string.</summary>
    public string BaseUrl => Environ.UrlScheme + "://" + Host + ScriptRoot + Path;

    /// <summary>The client's address.</summary>
    public string? RemoteAddr => Environ.RemoteAddr;

    /// <summary>
    /// The ASP.NET Core request when the app is mounted in an ASP.NET Core app (MicroFlask.AspNetCore's
    /// <c>MapMicroFlask</c>), for what only the host knows; null when the app serves itself (<c>app.Run</c>).
    /// </summary>
    public Microsoft.AspNetCore.Http.HttpContext? HttpContext => Environ.HttpContext;

    /// <summary>
    /// The user the host's authentication signed in (<c>HttpContext.User</c>) when mounted; null when the app serves
    /// itself, where the session says who is logged in.
    /// </summary>
    public System.Security.Claims.ClaimsPrincipal? User => Environ.HttpContext?.User;

    /// <summary>The request headers, case-insensitive, several values per name.</summary>
    public IDictionary<string, StringValues> Headers => Environ.Headers;

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Environ.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The Content-Type header.</summary>
    public string? ContentType => Environ.ContentType;

    /// <summary>The media type without parameters, lower case, e.g. "application/json".</summary>
    public string MimeType
    {
        get
        {
            var type = ContentType;
            if (string.IsNullOrEmpty(type)) return "";
            var semicolon = type.IndexOf(';');
            return (semicolon < 0 ? type : type[..semicolon]).Trim().ToLowerInvariant();
        }
    }

    /// <summary>Whether the body is JSON (application/json or application/*+json).</summary>
    public bool IsJson => MimeType == "application/json" || (MimeType.StartsWith("application/", StringComparison.Ordinal) && MimeType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>The Content-Length header, or null.</summary>
    public long? ContentLength => Environ.ContentLength;

    /// <summary>The query string arguments. A malformed percent-escape is a 400.</summary>
    public MultiDict<string> Args => _args ??= Http.UrlEncoding.ParseQuery(Environ.QueryString);

    /// <summary>The form fields of a urlencoded or multipart body.</summary>
    public MultiDict<string> Form
    {
        get
        {
            ThrowIfBodyNotLoadable(nameof(Form));
            return _form ??= new MultiDict<string>();
        }
    }

    /// <summary>The uploaded files of a multipart body; a large one lives in a temporary file until the request ends.</summary>
    public MultiDict<FileStorage> Files
    {
        get
        {
            ThrowIfBodyNotLoadable(nameof(Files));
            return _files ??= new MultiDict<FileStorage>();
        }
    }

    /// <summary>Form fields then query arguments, as Flask's <c>request.values</c>: the first found wins.</summary>
    public string? Value(string key) => Form.Get(key) ?? Args.Get(key);

    /// <summary>The raw body, at most MAX_CONTENT_LENGTH bytes (30,000,000 when unset); empty for a multipart body.</summary>
    public ReadOnlyMemory<byte> Data
    {
        get
        {
            ThrowIfBodyNotLoadable(nameof(Data));
            return _data;
        }
    }

    /// <summary>
    /// The body as a stream (Werkzeug's <c>request.stream</c>), bounded by MAX_CONTENT_LENGTH (30,000,000 bytes when
    /// unset). On a route with <see cref="Rule.StreamsBody"/> it reads from the client as the view reads, nothing
    /// buffered, and then <see cref="Form"/>, <see cref="Data"/> and <see cref="Json"/> are unavailable. On any other
    /// route the body is already loaded, and this reads <see cref="Data"/> again.
    /// </summary>
    public Stream Stream
    {
        get
        {
            if (_bodyLoaded) return _loadedStream ??= new MemoryStream(_data, writable: false);
            _streamTaken = true;
            return Body;
        }
    }

    /// <summary>The cookies the client sent.</summary>
    public IReadOnlyDictionary<string, string> Cookies =>
        _cookies ??= Environ.Headers.TryGetValue("Cookie", out var values)
            ? CookieParser.Parse(values)
            : CookieParser.Parse(Array.Empty<string>());

    /// <summary>
    /// The body as JSON (Werkzeug's <c>request.json</c>, <see cref="GetJson(bool, bool)"/> with its defaults): 415 when the
    /// Content-Type is not JSON, 400 when the body does not parse.
    /// </summary>
    public JsonElement? Json => GetJson();

    /// <summary>
    /// The body as JSON (Flask's <c>request.get_json(force, silent)</c>). When the Content-Type is not JSON
    /// (<see cref="IsJson"/>), 415, unless <paramref name="force"/> parses it anyway; when the body does not parse,
    /// 400. <paramref name="silent"/> returns null instead of either error.
    /// </summary>
    public JsonElement? GetJson(bool force = false, bool silent = false) => GetJson<JsonElement?>(force, silent);

    /// <summary>
    /// The body deserialized as <typeparamref name="T"/> (System.Text.Json, web defaults, or <paramref name="options"/>),
    /// with <see cref="GetJson(bool, bool)"/>'s rules: 415 when the Content-Type is not JSON unless
    /// <paramref name="force"/>, 400 when it does not parse or bind to <typeparamref name="T"/>, default instead of either
    /// when <paramref name="silent"/>. The 400 says why only in debug mode, as Flask's.
    /// </summary>
    public T? GetJson<T>(bool force = false, bool silent = false, JsonSerializerOptions? options = null)
    {
        if (!force && !IsJson)
        {
            if (silent) return default;
            throw new HttpException(415, "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.");
        }
        ThrowIfBodyNotLoadable("Json");
        ReadOnlySpan<byte> body = _data;
        // As Python's json.loads under Flask: a UTF-8 byte order mark is skipped, and bytes that are not UTF-8 are a 400
        // (System.Text.Json would keep them in strings unchecked).
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            if (silent) return default;
            throw JsonLoadingFailed("Failed to decode JSON object: the body is not valid UTF-8.", null);
        }
        try
        {
            return JsonSerializer.Deserialize<T>(body, options ?? JsonSerializerOptions.Web);
        }
        catch (JsonException) when (silent)
        {
            return default;
        }
        catch (JsonException e)
        {
            throw JsonLoadingFailed("Failed to decode JSON object: " + e.Message, e);
        }
    }

    // Flask's on_json_loading_failed: the parser's reason is shown in debug mode only, a plain 400 otherwise.
    private static HttpException JsonLoadingFailed(string reason, Exception? inner) =>
        new(400, Context.AppContext.IsActive && App.Current.Debug ? reason : null, inner);

    private string WithoutDefaultPort(string host) => Scheme switch
    {
        "http" or "ws" when host.EndsWith(":80", StringComparison.Ordinal) => host[..^3],
        "https" or "wss" when host.EndsWith(":443", StringComparison.Ordinal) => host[..^4],
        _ => host,
    };

    /// <summary>The rule that matched, or null (404, 405...).</summary>
    public Rule? UrlRule { get; internal set; }

    /// <summary>Whether the flow is in the request's hooks (request_started, before- and after-request): a session touched there is learned for every rule.</summary>
    internal bool InSessionHooks { get; set; }

    /// <summary>The endpoint of the matched rule.</summary>
    public string? Endpoint => UrlRule?.Endpoint;

    /// <summary>The blueprint of the matched endpoint ("admin" for "admin.users"), or null for an app-level view or no match.</summary>
    public string? Blueprint
    {
        get
        {
            var endpoint = Endpoint;
            var dot = endpoint?.LastIndexOf('.') ?? -1;
            return dot > 0 ? endpoint![..dot] : null;
        }
    }

    /// <summary>The URL variables of the matched rule, converted (e.g. id = 42).</summary>
    public IReadOnlyDictionary<string, object?> ViewArgs { get; internal set; } = NoViewArgs;

    /// <summary>Why routing failed (404, 405, a redirect), raised when the request is dispatched.</summary>
    public HttpException? RoutingException { get; internal set; }

    /// <summary>Cancelled when the client disconnects.</summary>
    public CancellationToken Aborted => Environ.RequestAborted;

    /// <summary>
    /// Reads the body (once) and parses a form body: urlencoded under MAX_FORM_MEMORY_SIZE, multipart streamed with its
    /// files spooled to temporary files, anything else into <see cref="Data"/>; all under MAX_CONTENT_LENGTH (413 as
    /// soon as the count passes it). The flow calls it before the before-request hooks when a rule matched, so that
    /// views read <see cref="Form"/> and <see cref="Data"/> without blocking on I/O; a view of a
    /// <see cref="Rule.StreamsBody"/> route may call it itself instead of reading <see cref="Stream"/>.
    /// </summary>
    public ValueTask LoadBodyAsync(CancellationToken cancellationToken = default)
    {
        if (_bodyLoaded) return ValueTask.CompletedTask;
        if (_streamTaken && Body.BytesRead > 0)
            throw new InvalidOperationException("The body was already read through Request.Stream, so it can no longer be loaded into Form, Files, Data or Json. Read one or the other.");
        _bodyLoaded = true;
        // Most requests announce no body: they need no stream object, and no async state machine, to find that out.
        if (_body is null && !(ContentLength > 0 || (ContentLength is null && AnnouncesBody()))) return ValueTask.CompletedTask;
        var body = Body;
        if (!body.HasBody) return ValueTask.CompletedTask;
        body.ThrowIfDeclaredTooLarge();
        return ParseBodyAsync(body, cancellationToken);
    }

    private async ValueTask ParseBodyAsync(BodyStream body, CancellationToken cancellationToken)
    {
        (_data, var form, var files) = await FormParser.ParseAsync(ContentType, body, ContentLength, Limits, Own, cancellationToken);
        _form = form;
        _files = files;
    }

    /// <summary>Deletes the temporary files of the uploads; the request context does it when it is popped.</summary>
    internal ValueTask ReleaseBodyAsync() => _spooled is null ? ValueTask.CompletedTask : ReleaseSpooledAsync(_spooled);

    private async ValueTask ReleaseSpooledAsync(List<SpooledFile> spooled)
    {
        _spooled = null;
        foreach (var file in spooled) await file.DisposeAsync();
    }

    private BodyStream Body => _body ??= new BodyStream(Environ.Input, ContentLength, AnnouncesBody(), Limits.MaxBodySize);

    /// <summary>Whether a body without Content-Length is coming: chunked, or the server says so (HTTP/2).</summary>
    private bool AnnouncesBody() =>
        (Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        || Environ.Features?.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    private void Own(SpooledFile file) => (_spooled ??= []).Add(file);

    private void ThrowIfBodyNotLoadable(string member)
    {
        if (_bodyLoaded || !(_streamTaken || UrlRule is { StreamsBody: true })) return;
        throw new InvalidOperationException(_streamTaken && Body.BytesRead > 0
            ? $"Request.{member} is unavailable: the body was read through Request.Stream."
            : $"Request.{member} is not loaded: this route streams its body (Rule.StreamsBody). Read Request.Stream, or await Request.LoadBodyAsync() first.");
    }
}
