using System.Text;

namespace MicroFlask.Http;

/// <summary>Strict percent-decoding: a malformed escape is the client's error (400), not something to guess at.</summary>
public static class UrlEncoding
{
    /// <summary>Decodes %XX escapes (and '+' as space when <paramref name="plusAsSpace"/>); false on a malformed escape.</summary>
    public static bool TryDecode(string value, bool plusAsSpace, out string decoded)
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
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
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
        // Werkzeug decodes invalid UTF-8 with replacement characters rather than failing.
        decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>Parses a query string or urlencoded form into a multi-dict; throws 400 on a malformed escape.</summary>
    public static MultiDict<string> ParseQuery(string query, int maxParts = int.MaxValue)
    {
        if (string.IsNullOrEmpty(query)) return new MultiDict<string>();
        var result = new MultiDict<string>();
        var parts = 0;
        foreach (var range in query.AsSpan().Split('&'))
        {
            var part = query[range];
            if (part.Length == 0) continue;
            if (++parts > maxParts) throw new HttpException(413, "Too many form fields.");
            var equals = part.IndexOf('=');
            var rawKey = equals < 0 ? part : part[..equals];
            var rawValue = equals < 0 ? "" : part[(equals + 1)..];
            if (!TryDecode(rawKey, true, out var key) || !TryDecode(rawValue, true, out var value))
                throw new HttpException(400, "The query string or form body has a malformed percent-escape.");
            result.Add(key, value);
        }
        return result;
    }

    /// <summary>Percent-encodes <paramref name="value"/> for a query string ('+' for spaces, as forms do).</summary>
    public static string EncodeQueryValue(string value) => Uri.EscapeDataString(value).Replace("%20", "+");

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
