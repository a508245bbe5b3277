using System.Collections;
using System.Globalization;
using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// Flask's <c>tojson</c> filter: Flask's JSON (<c>json.dumps</c> with <c>sort_keys=True</c>, ASCII only, <c>", "</c> and
/// <c>": "</c> separators, dates as HTTP dates), made safe inside HTML by writing <c>&lt; &gt; &amp; '</c> as
/// <c>\u003c \u003e \u0026 \u0027</c>.
/// </summary>
internal static class PyJson
{
    public static Markup HtmlSafeDumps(object? value, object? indent)
    {
        var b = new StringBuilder();
        var step = indent is null or Undefined ? null : Py.IsInteger(indent) ? new string(' ', (int)Py.ToLong(indent)) : Py.Str(indent);
        Write(b, value, step, 0);
        b.Replace("<", "\\u003c").Replace(">", "\\u003e").Replace("&", "\\u0026").Replace("'", "\\u0027");
        return new Markup(b.ToString());
    }

    private static void Write(StringBuilder b, object? value, string? indent, int depth)
    {
        switch (value)
        {
            case null:
            case Undefined:
                b.Append("null");
                return;
            case bool flag:
                b.Append(flag ? "true" : "false");
                return;
            case string s:
                WriteString(b, s);
                return;
            case Markup m:
                WriteString(b, m.Html);
                return;
            case double d:
                b.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : Py.FloatRepr(d));
                return;
            case DateTime t:
                WriteString(b, t.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture));
                return;
            case decimal m:
                WriteString(b, m.ToString(CultureInfo.InvariantCulture));
                return;
        }
        if (Py.IsNumber(value))
        {
            b.Append(Py.Str(value));
            return;
        }
        if (PyAccess.IsMapping(value))
        {
            var items = PyAccess.Items(value).OrderBy(p => Py.Str(p.Key), StringComparer.Ordinal).ToList();
            WriteContainer(b, '{', '}', items.Count, indent, depth, i =>
            {
                WriteString(b, Py.Str(items[i].Key));
                b.Append(": ");
                Write(b, items[i].Value, indent, depth + 1);
            });
            return;
        }
        if (value is IEnumerable enumerable)
        {
            var list = enumerable.Cast<object?>().ToList();
            WriteContainer(b, '[', ']', list.Count, indent, depth, i => Write(b, list[i], indent, depth + 1));
            return;
        }
        WriteString(b, Py.Str(value));
    }

    private static void WriteContainer(StringBuilder b, char open, char close, int count, string? indent, int depth, Action<int> item)
    {
        b.Append(open);
        if (count == 0)
        {
            b.Append(close);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            if (indent is not null) b.Append('\n').Insert(b.Length, indent, depth + 1);
            item(i);
            if (i < count - 1) b.Append(indent is null ? ", " : ",");
        }
        if (indent is not null) b.Append('\n').Insert(b.Length, indent, depth);
        b.Append(close);
    }

    private static void WriteString(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~') b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
    }
}
