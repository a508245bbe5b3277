using System.Text;

namespace MicroFlask.Http;

/// <summary>Reads a Cookie request header the way Werkzeug's <c>parse_cookie</c> does: first value of a name wins, quoted values unescaped.</summary>
internal static class CookieParser
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    internal static IReadOnlyDictionary<string, string> Parse(IEnumerable<string?> headers)
    {
        // Created at the first header: a request without cookies shares one empty dictionary.
        Dictionary<string, string>? cookies = null;
        foreach (var header in headers)
        {
            if (string.IsNullOrEmpty(header)) continue;
            cookies ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan(range).Trim();
                var equals = pair.IndexOf('=');
                if (equals <= 0) continue;
                var name = pair[..equals].Trim().ToString();
                var value = pair[(equals + 1)..].Trim().ToString();
                cookies.TryAdd(name, Unquote(value));
            }
        }
        return cookies ?? None;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        var inner = value[1..^1];
        if (inner.IndexOf('\\') < 0) return inner;
        var bytes = new List<byte>(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && IsOctal(inner, i + 1))
            {
                bytes.Add((byte)Convert.ToInt32(inner.Substring(i + 1, 3), 8));
                i += 3;
            }
            else if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(inner[++i].ToString()));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(inner[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '3' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
