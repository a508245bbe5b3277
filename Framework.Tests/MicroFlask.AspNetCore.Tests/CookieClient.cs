using System.Net.Http.Headers;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>
/// An HttpClient that keeps the cookies the server sets and sends them back, as a browser would (TestServer's
/// handler keeps none); redirects are not followed, so that tests see them.
/// </summary>
public sealed class CookieClient(HttpClient client) : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>The cookies held, by name.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>A GET of <paramref name="url"/>, with <paramref name="headers"/>.</summary>
    public Task<HttpResponseMessage> GetAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), headers);

    /// <summary>A POST of form <paramref name="fields"/> to <paramref name="url"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, params (string Name, string Value)[] fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        });

    /// <summary>Sends <paramref name="request"/> with the cookie jar, and keeps the cookies of the answer.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        var response = await client.SendAsync(request);
        Keep(response.Headers);
        return response;
    }

    private void Keep(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Set-Cookie", out var setCookies)) return;
        foreach (var setCookie in setCookies)
        {
            var pair = setCookie.Split(';')[0];
            var equals = pair.IndexOf('=');
            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            var deleted = setCookie.Contains("Max-Age=0", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
            if (deleted) _cookies.Remove(name);
            else _cookies[name] = value;
        }
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();
}
