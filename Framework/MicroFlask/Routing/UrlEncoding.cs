using System.Collections;
using System.Globalization;
using System.Text;

namespace MicroFlask.Routing;

/// <summary>Percent-encoding and value formatting shared by converters and URL building.</summary>
internal static class UrlEncoding
{
    // Werkzeug keeps the WHATWG path-segment characters readable, so Flask URLs look the same here.
    private const string PathSafe = "!$&'()*+,:;=@";

    // Query values additionally encode '&', '=' and '+' because they delimit pairs.
    private const string QuerySafe = "!$'()*,/:;?@";

    /// <summary>Encodes <paramref name="text"/> for a path; '/' survives only when <paramref name="keepSlash"/>.</summary>
    public static string QuotePath(string text, bool keepSlash) =>
        Quote(text, keepSlash ? PathSafe + "/" : PathSafe, spaceAsPlus: false);

    /// <summary>Encodes a query key or value, spaces as '+'.</summary>
    public static string QuoteQuery(string text) => Quote(text, QuerySafe, spaceAsPlus: true);

    /// <summary>Formats a value the same way on every machine: invariant culture, lower-case GUIDs.</summary>
    public static string Format(object value) => value switch
    {
        string s => s,
        Guid g => g.ToString("D"),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Appends <paramref name="key"/>=value pairs; enumerables repeat the key, nulls are skipped.</summary>
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
                builder.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        return builder.ToString();
    }

    private static bool IsKept(char c, string safe) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~'
        || (c < 128 && safe.Contains(c));
}
