using MicroFlask.Http;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Testing;

/// <summary>
/// Sends requests to an app in-process through <see cref="App.WsgiApp"/>, the same path the server takes
/// (Werkzeug's test <c>Client</c>). Cookies the app sets are kept and sent back, as a browser would.
/// </summary>
public sealed class TestClient
{
    private readonly App _app;
    private readonly Dictionary<string, SetCookie> _cookies = new(StringComparer.Ordinal);

    /// <summary>Creates a client for <paramref name="app"/>; use <see cref="App.TestClient"/>.</summary>
    public TestClient(App app) => _app = app ?? throw new ArgumentNullException(nameof(app));

    /// <summary>The cookies the client holds, by name.</summary>
    public IReadOnlyDictionary<string, SetCookie> Cookies => _cookies;

    /// <summary>The value of cookie <paramref name="name"/>, or null.</summary>
    public string? GetCookie(string name) => _cookies.TryGetValue(name, out var cookie) ? cookie.Value : null;

    /// <summary>Sets a cookie as if the app had set it.</summary>
    public void SetCookie(string name, string value, string path = "/") =>
        _cookies[name] = new SetCookie(name, value, null, null, path, null, false, false, null, false);

    /// <summary>Forgets cookie <paramref name="name"/>.</summary>
    public void DeleteCookie(string name) => _cookies.Remove(name);

    /// <summary>A GET request.</summary>
    public Task<TestResponse> GetAsync(string url, IDictionary<string, string>? headers = null, bool followRedirects = false) =>
        OpenAsync(new EnvironBuilder("GET", url), headers, followRedirects);

    /// <summary>A POST with form fields, a JSON body, or raw data.</summary>
    public Task<TestResponse> PostAsync(
        string url,
        IEnumerable<KeyValuePair<string, string>>? form = null,
        object? json = null,
        byte[]? data = null,
        string? contentType = null,
        IDictionary<string, string>? headers = null,
        bool followRedirects = false) =>
        OpenAsync(new EnvironBuilder("POST", url) { Form = form, Json = json, Data = data, ContentType = contentType }, headers, followRedirects);

    /// <summary>A PUT with a JSON body or raw data.</summary>
    public Task<TestResponse> PutAsync(string url, object? json = null, byte[]? data = null, string? contentType = null) =>
        OpenAsync(new EnvironBuilder("PUT", url) { Json = json, Data = data, ContentType = contentType });

    /// <summary>A DELETE request.</summary>
    public Task<TestResponse> DeleteAsync(string url) => OpenAsync(new EnvironBuilder("DELETE", url));

    /// <summary>A HEAD request.</summary>
    public Task<TestResponse> HeadAsync(string url) => OpenAsync(new EnvironBuilder("HEAD", url));

    /// <summary>An OPTIONS request.</summary>
    public Task<TestResponse> OptionsAsync(string url) => OpenAsync(new EnvironBuilder("OPTIONS", url));

    /// <summary>Sends the request <paramref name="builder"/> describes, with the cookie jar and <paramref name="headers"/>.</summary>
    public async Task<TestResponse> OpenAsync(EnvironBuilder builder, IDictionary<string, string>? headers = null, bool followRedirects = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (headers is not null)
        {
            foreach (var (name, value) in headers) builder.Headers[name] = value;
        }
        var response = await SendAsync(builder);
        for (var hops = 0; followRedirects && response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Location is { } location; hops++)
        {
            if (hops == 20) throw new InvalidOperationException("More than 20 redirects: is there a redirect loop?");
            var method = response.StatusCode is 307 or 308 ? builder.Method : "GET";
            response = await SendAsync(new EnvironBuilder(method, location));
        }
        return response;
    }

    private async Task<TestResponse> SendAsync(EnvironBuilder builder)
    {
        var environ = builder.Build();
        var cookieHeader = CookieHeader(environ.PathInfo);
        if (cookieHeader.Length > 0 && !environ.Headers.ContainsKey("Cookie")) environ.Headers["Cookie"] = new StringValues(cookieHeader);
        var response = await TestResponse.ReadAsync(await _app.WsgiApp(environ));
        var now = _app.TimeProvider.GetUtcNow();
        foreach (var cookie in response.Cookies)
        {
            if (cookie.IsDeletion(now)) _cookies.Remove(cookie.Name);
            else _cookies[cookie.Name] = cookie;
        }
        return response;
    }

    private string CookieHeader(string path)
    {
        var now = _app.TimeProvider.GetUtcNow();
        var parts = new List<string>();
        foreach (var cookie in _cookies.Values.ToList())
        {
            var expired = cookie.Expires is { } expires && expires <= now;
            if (expired)
            {
                _cookies.Remove(cookie.Name);
                continue;
            }
            if (cookie.Path is { Length: > 1 } cookiePath && !path.StartsWith(cookiePath, StringComparison.Ordinal)) continue;
            parts.Add(cookie.Name + "=" + cookie.Value);
        }
        return string.Join("; ", parts);
    }
}
