using System.Globalization;
using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>The Python methods templates call on values: <c>'a'.upper()</c>, <c>d.items()</c>, <c>dt.strftime('%Y')</c>.</summary>
internal static class PyMethods
{
    private static readonly HashSet<string> StringMethods =
    [
        "upper", "lower", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "rsplit", "replace", "title",
        "capitalize", "join", "format", "count", "find", "isdigit", "isalpha", "isalnum", "isupper", "islower", "isspace",
        "splitlines", "zfill", "center", "ljust", "rjust", "swapcase",
    ];

    private static readonly HashSet<string> DictMethods = ["items", "keys", "values", "get"];

    public static bool Has(object obj, string name) => obj switch
    {
        string or Markup => StringMethods.Contains(name),
        DateTime => name is "strftime" or "isoformat" or "weekday" or "isoweekday" or "date",
        G => name is "get" or "pop" or "setdefault",
        _ when PyAccess.IsMapping(obj) => DictMethods.Contains(name),
        System.Collections.IList => name is "index" or "count" or "append" or "extend",
        _ => false,
    };

    public static object? Call(object obj, string name, TemplateArguments a)
    {
        if (obj is Markup markup)
        {
            // Markup's methods escape their arguments and keep the result safe.
            var result = CallString(markup.Html, name, a, escape: true);
            return result is string s && name is not ("count" or "find") ? new Markup(s) : result;
        }
        if (obj is string text) return CallString(text, name, a, escape: false);
        if (obj is DateTime t)
        {
            return name switch
            {
                "strftime" => Strftime.Format(t, Py.Str(a.Get(0, "format", ""))),
                "isoformat" => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + Py.Str(a.Get(0, "sep", "T")) +
                    t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
                "weekday" => (long)(((int)t.DayOfWeek + 6) % 7),
                "isoweekday" => (long)(((int)t.DayOfWeek + 6) % 7 + 1),
                _ => t.Date,
            };
        }
        if (obj is G g)
        {
            var key = Py.Str(a.Get(0, "name"));
            return name switch
            {
                "get" => g.Contains(key) ? g[key] : a.Get(1, "default"),
                "pop" => g.Pop(key, a.Get(1, "default")),
                _ => g.SetDefault(key, a.Get(1, "default")),
            };
        }
        if (obj is System.Collections.IList list)
        {
            // append and extend change the list, as Python's do ({% do items.append(x) %}); they give None.
            if (name == "append")
            {
                list.Add(a.Get(0, "object"));
                return null;
            }
            if (name == "extend")
            {
                foreach (var item in PyAccess.Iterate(a.Get(0, "iterable")).ToList()) list.Add(item);
                return null;
            }
            var items = list.Cast<object?>().ToList();
            var x = a.Get(0, "x");
            if (name == "count") return (long)items.Count(i => Py.Equals(i, x));
            var index = items.FindIndex(i => Py.Equals(i, x));
            return index >= 0 ? index : throw new InvalidOperationException($"{Py.Repr(x)} is not in list.");
        }
        return name switch
        {
            "items" => PyAccess.Items(obj).Select(p => (object?)new PyTuple([p.Key, p.Value])).ToList(),
            "keys" => PyAccess.Items(obj).Select(p => p.Key).ToList(),
            "values" => PyAccess.Items(obj).Select(p => p.Value).ToList(),
            _ => PyAccess.TryGetKey(obj, a.Get(0, "key"), out var value) ? value : a.Get(1, "default"),
        };
    }

    private static object? CallString(string s, string name, TemplateArguments a, bool escape)
    {
        string Arg(int i, string n, string fallback = "")
        {
            var value = a.Get(i, n, fallback);
            return escape ? Py.Escape(value) : Py.Str(value);
        }
        string? Chars(int i) => a.Get(i, "chars") is { } c and not Undefined ? Py.Str(c) : null;
        switch (name)
        {
            case "upper": return s.ToUpperInvariant();
            case "lower": return s.ToLowerInvariant();
            case "swapcase": return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
            case "strip": return Chars(0) is { } c1 ? s.Trim(c1.ToCharArray()) : s.Trim();
            case "lstrip": return Chars(0) is { } c2 ? s.TrimStart(c2.ToCharArray()) : s.TrimStart();
            case "rstrip": return Chars(0) is { } c3 ? s.TrimEnd(c3.ToCharArray()) : s.TrimEnd();
            case "startswith":
            case "endswith":
                var prefix = a.Get(0, "prefix");
                var options = prefix is PyTuple tuple ? tuple.Items.Select(Py.Str) : [Py.Str(prefix)];
                return name == "startswith"
                    ? options.Any(p => s.StartsWith(p, StringComparison.Ordinal))
                    : options.Any(p => s.EndsWith(p, StringComparison.Ordinal));
            case "split":
            case "rsplit":
                return Split(s, a.Get(0, "sep"), (int)Py.ToLong(a.Get(1, "maxsplit", -1L)), name == "rsplit");
            case "splitlines": return s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).Take(s.EndsWith('\n') ? s.Split('\n').Length - 1 : int.MaxValue).ToList();
            case "replace":
                var count = (int)Py.ToLong(a.Get(2, "count", -1L));
                return Replace(s, Arg(0, "old"), Arg(1, "new"), count);
            case "title": return Filters.Title(s);
            case "capitalize": return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
            case "join": return string.Join(s, PyAccess.Iterate(a.Get(0, "iterable")).Select(i => escape ? Py.Escape(i) : Py.Str(i)));
            case "format": return PyFormat.BraceFormat(s, a);
            case "count": return (long)CountOf(s, Arg(0, "sub"));
            case "find": return (long)s.IndexOf(Arg(0, "sub"), StringComparison.Ordinal);
            case "isdigit": return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha": return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isspace": return s.Length > 0 && s.All(char.IsWhiteSpace);
            case "isupper": return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "islower": return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            case "zfill":
                var width = (int)Py.ToLong(a.Get(0, "width", 0L));
                var sign = s.StartsWith('-') || s.StartsWith('+') ? s[..1] : "";
                return sign + s[sign.Length..].PadLeft(width - sign.Length, '0');
            case "center":
            case "ljust":
            case "rjust":
                var w = (int)Py.ToLong(a.Get(0, "width", 0L));
                var fill = Py.Str(a.Get(1, "fillchar", " "))[0];
                if (s.Length >= w) return s;
                if (name == "ljust") return s.PadRight(w, fill);
                if (name == "rjust") return s.PadLeft(w, fill);
                var total = w - s.Length;
                var left = total / 2 + (total & w & 1);
                return new string(fill, left) + s + new string(fill, total - left);
        }
        throw new InvalidOperationException($"'str' object has no attribute '{name}'.");
    }

    private static int CountOf(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        var count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    internal static string Replace(string s, string old, string replacement, int count)
    {
        if (count < 0) return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        var builder = new StringBuilder();
        var start = 0;
        for (var n = 0; n < count && old.Length > 0; n++)
        {
            var next = s.IndexOf(old, start, StringComparison.Ordinal);
            if (next < 0) break;
            builder.Append(s, start, next - start).Append(replacement);
            start = next + old.Length;
        }
        return builder.Append(s, start, s.Length - start).ToString();
    }

    private static string InsertEverywhere(string s, string insert) => insert + string.Concat(s.Select(c => c + insert));

    private static List<object?> Split(string s, object? separator, int maxSplit, bool fromRight)
    {
        if (separator is null or Undefined)
        {
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (maxSplit < 0 || words.Length <= maxSplit + 1) return [.. words];
            if (!fromRight)
            {
                var head = words.Take(maxSplit).ToList<object?>();
                var rest = s.TrimStart();
                for (var i = 0; i < maxSplit; i++) rest = rest[words[i].Length..].TrimStart();
                head.Add(rest);
                return head;
            }
            var tail = s.TrimEnd();
            var parts = new List<object?>();
            for (var i = words.Length - 1; i >= words.Length - maxSplit; i--)
            {
                parts.Insert(0, words[i]);
                tail = tail[..^words[i].Length].TrimEnd();
            }
            parts.Insert(0, tail);
            return parts;
        }
        var sep = Py.Str(separator);
        var all = s.Split(sep);
        if (maxSplit < 0 || all.Length <= maxSplit + 1) return [.. all];
        if (!fromRight) return [.. all.Take(maxSplit), string.Join(sep, all.Skip(maxSplit))];
        return [string.Join(sep, all.Take(all.Length - maxSplit)), .. all.Skip(all.Length - maxSplit)];
    }
}

/// <summary>A Python method taken as a value (<c>d.items</c>), called later.</summary>
internal sealed class BoundMethod(object target, string name) : ICallable
{
    public object? Call(TemplateArguments arguments) => PyMethods.Call(target, name, arguments);
}
