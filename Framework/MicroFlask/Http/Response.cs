using System.Text;
using MicroFlask.Http;

namespace MicroFlask;

/// <summary>
/// What a request returns: status, headers and body, like Werkzeug's <c>Response</c>.
/// Views may return one directly, or a string, bytes, a tuple or an object that <see cref="App.MakeResponse"/> turns into one.
/// </summary>
public class Response
{
    /// <summary>The default content type of text responses.</summary>
    public const string DefaultMimeType = "text/html; charset=utf-8";

    private ReadOnlyMemory<byte> _body;

    /// <summary>An empty 200 response.</summary>
    public Response() : this(ReadOnlyMemory<byte>.Empty, 200, DefaultMimeType) { }

    /// <summary>A text response, encoded as UTF-8.</summary>
    public Response(string body, int status = 200, string? contentType = DefaultMimeType)
        : this(Encoding.UTF8.GetBytes(body ?? ""), status, contentType) { }

    /// <summary>A response with the given bytes.</summary>
    public Response(ReadOnlyMemory<byte> body, int status = 200, string? contentType = "application/octet-stream")
    {
        _body = body;
        StatusCode = status;
        if (contentType is not null) Headers.Add("Content-Type", contentType);
    }

    /// <summary>The status code, e.g. 200.</summary>
    public int StatusCode { get; set; }

    /// <summary>The status line as WSGI writes it, e.g. "200 OK".</summary>
    public string Status => $"{StatusCode} {HttpStatus.ReasonPhrase(StatusCode)}";

    /// <summary>The response headers.</summary>
    public Headers Headers { get; } = new();

    /// <summary>The body. Setting it drops a streaming body.</summary>
    public ReadOnlyMemory<byte> Body
    {
        get => _body;
        set
        {
            _body = value;
            StreamBody = null;
        }
    }

    /// <summary>
    /// A body written straight to the connection (large files); when set, it is written instead of <see cref="Body"/>.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? StreamBody { get; set; }

    /// <summary>The Content-Type header.</summary>
    public string? ContentType
    {
        get => Headers.Get("Content-Type");
        set => Headers["Content-Type"] = value;
    }

    /// <summary>The Location header.</summary>
    public string? Location
    {
        get => Headers.Get("Location");
        set => Headers["Location"] = value;
    }

    /// <summary>The body decoded as UTF-8.</summary>
    public string GetText() => Encoding.UTF8.GetString(_body.Span);

    /// <summary>Sets the body to <paramref name="text"/>, UTF-8 encoded.</summary>
    public void SetText(string text) => Body = Encoding.UTF8.GetBytes(text);

    /// <summary>Adds <paramref name="header"/> to <c>Vary</c> unless it is listed already.</summary>
    public void AddVary(string header)
    {
        var current = Headers.Get("Vary");
        if (string.IsNullOrEmpty(current))
        {
            Headers.Set("Vary", header);
            return;
        }
        foreach (var part in current.Split(','))
        {
            if (string.Equals(part.Trim(), header, StringComparison.OrdinalIgnoreCase)) return;
        }
        Headers.Set("Vary", current + ", " + header);
    }

    /// <summary>
    /// Adds a Set-Cookie header, formatted as Werkzeug's <c>dump_cookie</c> does.
    /// <paramref name="maxAge"/> without <paramref name="expires"/> also sets Expires, for old browsers.
    /// </summary>
    public void SetCookie(
        string key,
        string value = "",
        TimeSpan? maxAge = null,
        DateTimeOffset? expires = null,
        string? path = "/",
        string? domain = null,
        bool secure = false,
        bool httpOnly = false,
        string? sameSite = null,
        bool partitioned = false) =>
        Headers.Add("Set-Cookie", CookieFormatter.Format(key, value, maxAge, expires, path, domain, secure, httpOnly, sameSite, partitioned, DateTimeOffset.UtcNow));

    /// <summary>
    /// Tells the browser to drop a cookie. Pass the same path, domain, secure, sameSite and partitioned the cookie
    /// was set with: browsers ignore a deletion that does not match.
    /// </summary>
    public void DeleteCookie(
        string key,
        string? path = "/",
        string? domain = null,
        bool secure = false,
        bool httpOnly = false,
        string? sameSite = null,
        bool partitioned = false) =>
        SetCookie(key, "", TimeSpan.Zero, DateTimeOffset.UnixEpoch, path, domain, secure, httpOnly, sameSite, partitioned);

    /// <summary>A redirect to <paramref name="location"/> (302 by default), like Flask's <c>redirect</c>.</summary>
    public static Response Redirect(string location, int code = 302)
    {
        var escaped = Markup.EscapeText(location);
        var response = new Response(
            $"<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{escaped}\">{escaped}</a>. If not, click the link.\n",
            code);
        response.Location = location;
        return response;
    }
}
