using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace MicroFlask.Http;

/// <summary>Formats Set-Cookie values the way Werkzeug's <c>dump_cookie</c> does, attribute order included.</summary>
internal static class CookieFormatter
{
    // The characters Werkzeug leaves unquoted in a cookie value.
    private static readonly SearchValues<char> BareCharacters = SearchValues.Create(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_!#$%&'()*+-./:<=>?@[]^`{|}~");

    internal static string Format(
        string key, string value, TimeSpan? maxAge, DateTimeOffset? expires, string? path, string? domain,
        bool secure, bool httpOnly, string? sameSite, bool partitioned, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var normalizedSameSite = NormalizeSameSite(sameSite);
        // Browsers only accept Partitioned on Secure cookies.
        if (partitioned) secure = true;
        if (expires is null && maxAge is not null) expires = now + maxAge.Value;

        // A session cookie with its attributes is about 200 characters: built on the stack, one string at the end.
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendFormatted(key);
        text.AppendLiteral("=");
        text.AppendFormatted(Quote(value ?? ""));
        if (!string.IsNullOrEmpty(domain))
        {
            text.AppendLiteral("; Domain=");
            text.AppendFormatted(NormalizeDomain(domain));
        }
        if (expires is not null)
        {
            text.AppendLiteral("; Expires=");
            // "R" is HttpDate.Pattern for a UTC time, formatted by the runtime's fast path.
            text.AppendFormatted(expires.Value.UtcDateTime, "R");
        }
        if (maxAge is not null)
        {
            text.AppendLiteral("; Max-Age=");
            text.AppendFormatted((long)Math.Max(0, maxAge.Value.TotalSeconds));
        }
        if (secure) text.AppendLiteral("; Secure");
        if (httpOnly) text.AppendLiteral("; HttpOnly");
        if (path is not null)
        {
            text.AppendLiteral("; Path=");
            text.AppendFormatted(path);
        }
        if (normalizedSameSite is not null)
        {
            text.AppendLiteral("; SameSite=");
            text.AppendFormatted(normalizedSameSite);
        }
        if (partitioned) text.AppendLiteral("; Partitioned");
        return text.ToStringAndClear();
    }

    // Werkzeug 3 drops a port and the leading dots (RFC 6265 ignores a leading dot, so ".example.com" means
    // the same to a browser) and IDNA-encodes the rest.
    private static string NormalizeDomain(string domain)
    {
        var colon = domain.IndexOf(':');
        var host = (colon < 0 ? domain : domain[..colon]).TrimStart('.');
        return Ascii.IsValid(host) || host.Length == 0 ? host : new IdnMapping().GetAscii(host);
    }

    private static string? NormalizeSameSite(string? sameSite)
    {
        if (string.IsNullOrEmpty(sameSite)) return null;
        return sameSite.ToLowerInvariant() switch
        {
            "strict" => "Strict",
            "lax" => "Lax",
            "none" => "None",
            _ => throw new ArgumentException($"SameSite must be 'Strict', 'Lax' or 'None', not '{sameSite}'.", nameof(sameSite)),
        };
    }

    // Werkzeug leaves a value bare when every character is allowed in a cookie, and quotes it otherwise.
    private static string Quote(string value)
    {
        if (!value.AsSpan().ContainsAnyExcept(BareCharacters)) return value;

        var builder = new StringBuilder(value.Length + 8).Append('"');
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c == '"' || c == '\\') builder.Append('\\').Append(c);
            else if (b < 0x20 || b >= 0x7f || c == ',' || c == ';') builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }
}
