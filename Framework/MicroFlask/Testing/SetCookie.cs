using System.Globalization;

namespace MicroFlask.Testing;

/// <summary>One Set-Cookie header of a response, parsed, so tests can check every attribute.</summary>
public sealed record SetCookie(
    string Name,
    string Value,
    DateTimeOffset? Expires,
    long? MaxAge,
    string? Path,
    string? Domain,
    bool Secure,
    bool HttpOnly,
    string? SameSite,
    bool Partitioned)
{
    /// <summary>Whether this header deletes the cookie (Max-Age=0 or an expiry in the past).</summary>
    public bool IsDeletion(DateTimeOffset now) => MaxAge is <= 0 || (Expires is { } e && e <= now);

    /// <summary>Whether the cookie lasts only until the browser closes (no Expires and no Max-Age).</summary>
    public bool IsSessionCookie => Expires is null && MaxAge is null;

    /// <summary>Parses a Set-Cookie header value.</summary>
    public static SetCookie Parse(string header)
    {
        var parts = header.Split(';');
        var first = parts[0];
        var equals = first.IndexOf('=');
        var name = equals < 0 ? first.Trim() : first[..equals].Trim();
        var value = equals < 0 ? "" : first[(equals + 1)..].Trim();
        DateTimeOffset? expires = null;
        long? maxAge = null;
        string? path = null, domain = null, sameSite = null;
        bool secure = false, httpOnly = false, partitioned = false;
        foreach (var part in parts.Skip(1))
        {
            var attribute = part.Trim();
            var eq = attribute.IndexOf('=');
            var key = (eq < 0 ? attribute : attribute[..eq]).ToLowerInvariant();
            var val = eq < 0 ? "" : attribute[(eq + 1)..];
            switch (key)
            {
                case "expires": expires = Http.HttpDate.Parse(val); break;
                case "max-age": maxAge = long.Parse(val, CultureInfo.InvariantCulture); break;
                case "path": path = val; break;
                case "domain": domain = val; break;
                case "samesite": sameSite = val; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "partitioned": partitioned = true; break;
            }
        }
        return new SetCookie(name, value, expires, maxAge, path, domain, secure, httpOnly, sameSite, partitioned);
    }
}
