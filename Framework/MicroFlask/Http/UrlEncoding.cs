using System.Collections;
using System.Globalization;
using System.Text;

namespace MicroFlask.Http;

/// <summary>
/// Every percent-encoding MicroFlask does, one method per use, each with Werkzeug 3.1's characters: URL paths
/// (<c>url_for</c>, redirects), query strings and urlencoded forms (<c>_urlencode</c>), and the decoding of both.
/// </summary>
/// <remarks>
/// One deliberate difference: a malformed escape such as <c>%zz</c> is the client's error (a 400) here, where
/// Werkzeug keeps it as text.
/// </remarks>
internal static class UrlEncoding
{
    // Werkzeug's BaseConverter.to_url and static rule parts: the WHATWG path-segment characters stay readable.
    private const string PathSafe = "!$&'()*+,/:;=@";

    // The same without '/': a part-isolating variable's '/' is data, not a separator (Werkzeug keeps it and builds a
    // URL that no longer matches its own rule).
    private const string PathSegmentSafe = "!$&'()*+,:;=@";

    // Werkzeug's _urlencode (query strings in url_for, the test client's form bodies): '&', '=', '+' and '#'
    // delimit, so they are encoded; spaces become '+'.
    private const string QuerySafe = "!$'()*,/:;?@";

    /// <summary>Encodes a path (a static rule part, a path variable, a redirect target): '/' stays.</summary>
    public static string QuotePath(string text) => Quote(text, PathSafe, spaceAsPlus: false);

    /// <summary>Encodes one path segment (a part-isolating variable): '/' becomes %2F.</summary>
    public static string QuotePathSegment(string text) => Quote(text, PathSegmentSafe, spaceAsPlus: false);

    // RFC 5987's attr-char, as Werkzeug quotes a Content-Disposition filename*.
    private const string HeaderParameterSafe = "!#$&+^`|";

    /// <summary>Encodes the value of an RFC 5987 extended header parameter (<c>filename*=UTF-8''...</c>).</summary>
    public static string QuoteHeaderParameter(string text) => Quote(text, HeaderParameterSafe, spaceAsPlus: false);

    /// <summary>Encodes a query or form key or value, spaces as '+'.</summary>
    public static string QuoteQuery(string text) => Quote(text, QuerySafe, spaceAsPlus: true);

    /// <summary>Encodes pairs as an <c>application/x-www-form-urlencoded</c> body or query string (no leading '?').</summary>
    public static string EncodeForm(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(pair => QuoteQuery(pair.Key) + "=" + QuoteQuery(pair.Value)));

    /// <summary>Formats a value the same way on every machine: invariant culture, lower-case GUIDs.</summary>
    public static string Format(object value) => value switch
    {
        string s => s,
        Guid g => g.ToString("D"),
        // Python's str(float), as Werkzeug writes it: 1.0 keeps its ".0", 1e20 is "1e+20".
        double d when !double.IsFinite(d) => double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf",
        double d => Sessions.Json.PythonJsonWriter.FormatFloat(d),
        float f => Sessions.Json.PythonJsonWriter.FormatFloat(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Appends <paramref name="key"/>=value pairs to a URL's query; enumerables repeat the key, nulls are skipped.</summary>
    public static void AppendQueryPair(StringBuilder query, string key, object value)
    {
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                if (item is not null)
                {
                    AppendOne(query, key, item);
                }
            }

            return;
        }

        AppendOne(query, key, value);
    }

    /// <summary>
    /// Decodes a raw URL path's %XX escapes ('+' stays '+'); false on a malformed escape. Bytes that are not UTF-8
    /// become U+FFFD, as in the PATH_INFO of Werkzeug's server.
    /// </summary>
    public static bool TryDecodePath(string value, out string decoded) =>
        TryDecode(value, plusAsSpace: false, requoteInvalidUtf8: false, out decoded);

    /// <summary>
    /// Parses a query string or urlencoded form into a multi-dict, as Werkzeug's <c>parse_qsl</c>: '+' is a space,
    /// a key without '=' has an empty value, bytes that are not UTF-8 stay percent-encoded. Throws a 400 on a
    /// malformed escape and a 413 beyond <paramref name="maxParts"/> fields.
    /// </summary>
    public static MultiDict<string> ParseQuery(string query, int maxParts = int.MaxValue)
    {
        var result = new MultiDict<string>();
        if (string.IsNullOrEmpty(query)) return result;
        var parts = 0;
        foreach (var range in query.AsSpan().Split('&'))
        {
            var part = query[range];
            if (part.Length == 0) continue;
            if (++parts > maxParts) throw new HttpException(413, "Too many form fields.");
            var equals = part.IndexOf('=');
            var rawKey = equals < 0 ? part : part[..equals];
            var rawValue = equals < 0 ? "" : part[(equals + 1)..];
            if (!TryDecode(rawKey, plusAsSpace: true, requoteInvalidUtf8: true, out var key)
                || !TryDecode(rawValue, plusAsSpace: true, requoteInvalidUtf8: true, out var value))
            {
                throw new HttpException(400, "The query string or form body has a malformed percent-escape.");
            }
            result.Add(key, value);
        }
        return result;
    }

    private static void AppendOne(StringBuilder query, string key, object value)
    {
        query.Append(query.Length == 0 ? '?' : '&');
        query.Append(QuoteQuery(key)).Append('=').Append(QuoteQuery(Format(value)));
    }

    private static string Quote(string text, string safe, bool spaceAsPlus)
    {
        var firstUnsafe = 0;
        while (firstUnsafe < text.Length && IsKept(text[firstUnsafe], safe))
        {
            firstUnsafe++;
        }

        if (firstUnsafe == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, firstUnsafe);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = firstUnsafe; i < text.Length; i++)
        {
            var c = text[i];
            if (IsKept(c, safe))
            {
                builder.Append(c);
                continue;
            }

            if (c == ' ' && spaceAsPlus)
            {
                builder.Append('+');
                continue;
            }

            // A surrogate pair is one code point: encode both halves together.
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? 2
                : 1;
            var count = Encoding.UTF8.GetBytes(text.AsSpan(i, length), utf8);
            for (var b = 0; b < count; b++)
            {
                AppendEscape(builder, utf8[b]);
            }

            i += length - 1;
        }

        return builder.ToString();
    }

    private static bool IsKept(char c, string safe) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~'
        || (c < 128 && safe.Contains(c));

    private static bool TryDecode(string value, bool plusAsSpace, bool requoteInvalidUtf8, out string decoded)
    {
        if (value.IndexOf('%') < 0 && (!plusAsSpace || value.IndexOf('+') < 0))
        {
            decoded = value;
            return true;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    decoded = "";
                    return false;
                }
                bytes.Add((byte)(HexValue(value[i + 1]) * 16 + HexValue(value[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusAsSpace)
            {
                bytes.Add((byte)' ');
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                var length = Encoding.UTF8.GetBytes(value.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1), utf8);
                if (char.IsHighSurrogate(c)) i++;
                for (var b = 0; b < length; b++) bytes.Add(utf8[b]);
            }
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        decoded = requoteInvalidUtf8 ? DecodeRequotingInvalid(span) : Encoding.UTF8.GetString(span);
        return true;
    }

    // Python's "werkzeug.url_quote" error handler: each invalid UTF-8 sequence goes back to %XX, the rest decodes.
    private static string DecodeRequotingInvalid(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done) builder.Append(rune.ToString());
            else
            {
                foreach (var b in bytes[..consumed]) AppendEscape(builder, b);
            }
            bytes = bytes[consumed..];
        }
        return builder.ToString();
    }

    private static void AppendEscape(StringBuilder builder, byte b) =>
        builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
