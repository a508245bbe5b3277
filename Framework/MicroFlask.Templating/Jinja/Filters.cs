using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>Jinja's built-in filters (and Flask's <c>tojson</c>), with Jinja's arguments, defaults and Markup handling.</summary>
internal static partial class Filters
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Register(IDictionary<string, TemplateFilter> f, TemplateEngine engine)
    {
        f["abs"] = (v, _) => Py.IsInteger(v) ? (object)Math.Abs(Py.ToLong(v)) : Math.Abs(Py.ToDouble(v));
        f["attr"] = (v, a) => Attr(v, Py.Str(a.Get(0, "name")));
        f["batch"] = Batch;
        f["capitalize"] = (v, _) => KeepMarkup(v, s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant());
        f["center"] = (v, a) => PyMethods.Call(Py.Str(v), "center", new TemplateArguments([a.Get(0, "width", 80L)], null, false));
        f["default"] = f["d"] = (v, a) => v is Undefined || (Py.Truthy(a.Get(1, "boolean", false)) && !Py.Truthy(v)) ? a.Get(0, "default_value", "") : v;
        f["dictsort"] = DictSort;
        f["escape"] = f["e"] = (v, _) => v is Markup ? v : new Markup(Markup.EscapeText(Py.Str(v)));
        f["filesizeformat"] = FileSizeFormat;
        f["forceescape"] = (v, _) => new Markup(Markup.EscapeText(Py.Str(v)));
        f["first"] = (v, _) => PyAccess.Iterate(v).Take(1).DefaultIfEmpty(new Undefined("first")).First();
        f["last"] = (v, _) => { var list = PyAccess.ToList(v); return list.Count > 0 ? list[^1] : new Undefined("last"); };
        f["float"] = (v, a) => ToFloat(v) ?? a.Get(0, "default", 0.0);
        f["int"] = (v, a) => ToInt(v, (int)Py.ToLong(a.Get(1, "base", 10L))) ?? a.Get(0, "default", 0L);
        f["format"] = (v, a) => PyFormat.Percent(v is Markup ? v : Py.Str(v), a.Named.Count > 0 ? a.Named.ToDictionary() : new PyTuple([.. a.Positional]));
        f["groupby"] = GroupBy;
        f["indent"] = Indent;
        f["items"] = (v, _) => v is Undefined ? new List<object?>() : PyMethods.Call(v!, "items", TemplateArguments.Empty);
        f["join"] = Join;
        f["length"] = f["count"] = (v, _) => (long)Length(v);
        f["list"] = (v, _) => PyAccess.Iterate(v).ToList();
        f["lower"] = (v, _) => KeepMarkup(v, s => s.ToLowerInvariant());
        f["upper"] = (v, _) => KeepMarkup(v, s => s.ToUpperInvariant());
        f["map"] = (v, a) => Map(v, a, engine);
        f["max"] = (v, a) => MinMax(v, a, max: true);
        f["min"] = (v, a) => MinMax(v, a, max: false);
        f["pprint"] = (v, _) => PrettyRepr(v);
        f["random"] = (v, _) => RandomItem(v);
        f["replace"] = Replace;
        f["reverse"] = (v, _) => v is string s ? new string(s.Reverse().ToArray()) : Enumerable.Reverse(PyAccess.ToList(v)).ToList();
        f["round"] = Round;
        f["safe"] = (v, _) => v as Markup ?? new Markup(Py.Str(v));
        f["select"] = (v, a) => Select(v, a, engine, attribute: false, keep: true);
        f["reject"] = (v, a) => Select(v, a, engine, attribute: false, keep: false);
        f["selectattr"] = (v, a) => Select(v, a, engine, attribute: true, keep: true);
        f["rejectattr"] = (v, a) => Select(v, a, engine, attribute: true, keep: false);
        f["slice"] = Slice;
        f["sort"] = Sort;
        f["string"] = (v, _) => v is Markup ? v : Py.Str(v);
        f["striptags"] = (v, _) => StripTags(Py.Str(v));
        f["sum"] = Sum;
        f["title"] = (v, _) => Title(Py.Str(v));
        f["tojson"] = (v, a) => PyJson.HtmlSafeDumps(v, a.Get(0, "indent"));
        f["trim"] = (v, a) => KeepMarkup(v, s => a.Get(0, "chars") is { } chars and not Undefined ? s.Trim(Py.Str(chars).ToCharArray()) : s.Trim());
        f["truncate"] = Truncate;
        f["unique"] = Unique;
        f["urlencode"] = (v, _) => UrlEncode(v);
        f["urlize"] = Urlize;
        f["wordcount"] = (v, _) => (long)Word().Matches(Py.Str(v)).Count;
        f["wordwrap"] = WordWrap;
        f["xmlattr"] = XmlAttr;
    }

    /// <summary>Only an attribute, never an item, as Python's <c>getattr</c>: <c>{'name': 1}|attr('name')</c> is undefined.</summary>
    private static object? Attr(object? value, string name) =>
        value is not null && value is not IAttributes && PyAccess.IsMapping(value)
            ? PyMethods.Has(value, name) ? new BoundMethod(value, name) : new Undefined(name)
            : PyAccess.GetAttr(value, name);

    private static object KeepMarkup(object? value, Func<string, string> change) =>
        value is Markup m ? new Markup(change(m.Html)) : change(Py.Str(value));

    internal static int Length(object? value) => value switch
    {
        string s => s.Length,
        Markup m => m.Html.Length,
        Undefined => 0,
        System.Collections.ICollection c => c.Count,
        null => throw new InvalidOperationException("object of type 'NoneType' has no len()."),
        _ => PyAccess.Iterate(value).Count(),
    };

    /// <summary>Jinja's <c>title</c>: each word's first letter upper, the rest lower; words start after spaces and <c>-({[&lt;</c>.</summary>
    internal static string Title(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var item in WordBeginning().Split(s))
        {
            if (item.Length == 0) continue;
            b.Append(char.ToUpperInvariant(item[0])).Append(item[1..].ToLowerInvariant());
        }
        return b.ToString();
    }

    private static object? ToFloat(object? value)
    {
        switch (value)
        {
            case double d: return d;
            case bool b: return b ? 1.0 : 0.0;
            case string or Markup:
                var text = Py.Str(value).Trim().Replace("_", "");
                return double.TryParse(text, NumberStyles.Float, C, out var parsed) ? parsed
                    : text.ToLowerInvariant() switch { "inf" or "infinity" or "+inf" => double.PositiveInfinity, "-inf" or "-infinity" => double.NegativeInfinity, "nan" => double.NaN, _ => null };
        }
        return Py.IsNumber(value) ? Py.ToDouble(value) : null;
    }

    private static object? ToInt(object? value, int numberBase)
    {
        if (value is string or Markup)
        {
            var text = Py.Str(value).Trim().Replace("_", "");
            try
            {
                if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, C, out var n)) return n;
                if (numberBase != 10)
                {
                    var digits = text.ToLowerInvariant();
                    if (numberBase == 16 && digits.StartsWith("0x")) digits = digits[2..];
                    if (numberBase == 8 && digits.StartsWith("0o")) digits = digits[2..];
                    if (numberBase == 2 && digits.StartsWith("0b")) digits = digits[2..];
                    return Convert.ToInt64(digits, numberBase);
                }
            }
            catch (FormatException)
            {
            }
            return ToFloat(value) is double d && !double.IsNaN(d) && !double.IsInfinity(d) ? (long)Math.Truncate(d) : null;
        }
        if (value is double f) return double.IsNaN(f) || double.IsInfinity(f) ? null : (long)Math.Truncate(f);
        return Py.IsNumber(value) ? Py.ToLong(value) : null;
    }

    private static object? Round(object? value, TemplateArguments a)
    {
        var precision = (int)Py.ToLong(a.Get(0, "precision", 0L));
        var method = Py.Str(a.Get(1, "method", "common"));
        if (method is not ("common" or "ceil" or "floor")) throw new InvalidOperationException("method must be common, ceil or floor");
        if (method == "common" && Py.IsInteger(value) && precision >= 0) return Py.ToLong(value);
        var d = Py.ToDouble(value);
        if (method != "common")
        {
            var scale = Math.Pow(10, precision);
            return (method == "ceil" ? Math.Ceiling(d * scale) : Math.Floor(d * scale)) / scale;
        }
        if (precision == 0 || double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 1e15) return Math.Round(d, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven);
        // Python rounds the exact binary value: 2.675 is 2.67499999…, so it rounds down.
        var exact = decimal.Parse(d.ToString("G17", C), NumberStyles.Float, C);
        return (double)Math.Round(exact, Math.Clamp(precision, 0, 28), MidpointRounding.ToEven);
    }

    private static object Join(object? value, TemplateArguments a)
    {
        var separator = a.Get(0, "d", "");
        var items = PyAccess.Iterate(value);
        if (a.Get(1, "attribute") is { } attribute and not Undefined) items = items.Select(i => AttrGetter(i, attribute));
        var list = items.ToList();
        if (!a.Autoescape) return string.Join(Py.Str(separator), list.Select(Py.Str));
        if (separator is Markup || list.Any(i => i is Markup))
        {
            return new Markup(string.Join(Py.Escape(separator), list.Select(Py.Escape)));
        }
        return string.Join(Py.Str(separator), list.Select(Py.Str));
    }

    private static object Replace(object? value, TemplateArguments a)
    {
        var old = a.Get(0, "old");
        var replacement = a.Get(1, "new");
        var count = (int)Py.ToLong(a.Get(2, "count", -1L) ?? -1L);
        if (!a.Autoescape) return PyMethods.Replace(Py.Str(value), Py.Str(old), Py.Str(replacement), count);
        if ((old is Markup || replacement is Markup) && value is not Markup) value = new Markup(Markup.EscapeText(Py.Str(value)));
        if (value is Markup m) return new Markup(PyMethods.Replace(m.Html, Py.Escape(old), Py.Escape(replacement), count));
        return PyMethods.Replace(Py.Str(value), Py.Str(old), Py.Str(replacement), count);
    }

    private static object Truncate(object? value, TemplateArguments a)
    {
        var s = Py.Str(value);
        var length = (int)Py.ToLong(a.Get(0, "length", 255L));
        var killWords = Py.Truthy(a.Get(1, "killwords", false));
        var end = Py.Str(a.Get(2, "end", "..."));
        var leeway = (int)Py.ToLong(a.Get(3, "leeway") is { } l and not Undefined ? l : 5L);
        if (length < end.Length) throw new InvalidOperationException($"expected length >= {end.Length}, got {length}");
        if (s.Length <= length + leeway) return s;
        if (killWords) return s[..(length - end.Length)] + end;
        var head = s[..(length - end.Length)];
        var space = head.LastIndexOf(' ');
        return (space >= 0 ? head[..space] : head) + end;
    }

    internal static string StripTags(string value)
    {
        int start;
        while ((start = value.IndexOf("<!--", StringComparison.Ordinal)) >= 0)
        {
            var end = value.IndexOf("-->", start, StringComparison.Ordinal);
            if (end < 0) break;
            value = value[..start] + value[(end + 3)..];
        }
        while ((start = value.IndexOf('<')) >= 0)
        {
            var end = value.IndexOf('>', start);
            if (end < 0) break;
            value = value[..start] + value[(end + 1)..];
        }
        value = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return WebUtility.HtmlDecode(value);
    }

    private static object Indent(object? value, TemplateArguments a)
    {
        var width = a.Get(0, "width", 4L);
        var indention = width is string w ? w : new string(' ', (int)Py.ToLong(width));
        var first = Py.Truthy(a.Get(1, "first", false));
        var blank = Py.Truthy(a.Get(2, "blank", false));
        var markup = value is Markup;
        var s = (markup ? ((Markup)value!).Html : Py.Str(value)) + "\n";
        var lines = SplitLines(s);
        string result;
        if (blank) result = string.Join("\n" + indention, lines);
        else
        {
            result = lines[0];
            if (lines.Count > 1) result += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indention + line : line));
        }
        if (first) result = indention + result;
        return markup ? new Markup(result) : result;
    }

    private static List<string> SplitLines(string s)
    {
        var lines = s.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Select(l => l.TrimEnd('\r')).ToList();
    }

    private static object? AttrGetter(object? item, object? attribute)
    {
        foreach (var part in Py.Str(attribute).Split('.'))
        {
            item = int.TryParse(part, out var index) ? PyAccess.GetItem(item, (long)index) : PyAccess.GetItem(item, part);
        }
        return item;
    }

    private static object? SortKey(object? item, object? attribute, bool caseSensitive)
    {
        var key = attribute is null or Undefined ? item : AttrGetter(item, attribute);
        return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
    }

    private static readonly Comparer<object?> PyComparer = Comparer<object?>.Create(Py.Compare);

    private static object Sort(object? value, TemplateArguments a)
    {
        var reverse = Py.Truthy(a.Get(0, "reverse", false));
        var caseSensitive = Py.Truthy(a.Get(1, "case_sensitive", false));
        var attribute = a.Get(2, "attribute");
        var items = PyAccess.ToList(value);
        var sorted = reverse
            ? items.OrderByDescending(i => SortKey(i, attribute, caseSensitive), PyComparer)
            : items.OrderBy(i => SortKey(i, attribute, caseSensitive), PyComparer);
        return sorted.ToList();
    }

    private static object DictSort(object? value, TemplateArguments a)
    {
        var caseSensitive = Py.Truthy(a.Get(0, "case_sensitive", false));
        var byValue = Py.Str(a.Get(1, "by", "key")) == "value";
        var reverse = Py.Truthy(a.Get(2, "reverse", false));
        var pairs = PyAccess.Items(value!).Select(p => new PyTuple([p.Key, p.Value])).ToList();
        Func<PyTuple, object?> key = p => SortKey(byValue ? p[1] : p[0], null, caseSensitive);
        return (reverse ? pairs.OrderByDescending(key, PyComparer) : pairs.OrderBy(key, PyComparer)).Cast<object?>().ToList();
    }

    private static object Unique(object? value, TemplateArguments a)
    {
        var caseSensitive = Py.Truthy(a.Get(0, "case_sensitive", false));
        var attribute = a.Get(1, "attribute");
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in PyAccess.Iterate(value))
        {
            var key = SortKey(item, attribute, caseSensitive);
            if (seen.Any(s => Py.Equals(s, key))) continue;
            seen.Add(key);
            result.Add(item);
        }
        return result;
    }

    private static object? MinMax(object? value, TemplateArguments a, bool max)
    {
        var caseSensitive = Py.Truthy(a.Get(0, "case_sensitive", false));
        var attribute = a.Get(1, "attribute");
        var items = PyAccess.ToList(value);
        if (items.Count == 0) return new Undefined(max ? "max" : "min");
        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            var c = Py.Compare(SortKey(item, attribute, caseSensitive), SortKey(best, attribute, caseSensitive));
            if (max ? c > 0 : c < 0) best = item;
        }
        return best;
    }

    private static object? Sum(object? value, TemplateArguments a)
    {
        var attribute = a.Get(0, "attribute");
        object? total = a.Get(1, "start", 0L);
        foreach (var item in PyAccess.Iterate(value)) total = Py.Add(total, attribute is null or Undefined ? item : AttrGetter(item, attribute));
        return total;
    }

    private static object Batch(object? value, TemplateArguments a)
    {
        var size = (int)Py.ToLong(a.Get(0, "linecount"));
        var fill = a.Named.ContainsKey("fill_with") || a.Positional.Count > 1 ? a.Get(1, "fill_with") : Undefined.Instance;
        var result = new List<object?>();
        List<object?>? row = null;
        foreach (var item in PyAccess.Iterate(value))
        {
            row ??= new List<object?>(size);
            row.Add(item);
            if (row.Count == size)
            {
                result.Add(row);
                row = null;
            }
        }
        if (row is not null)
        {
            if (fill is not Undefined) while (row.Count < size) row.Add(fill);
            result.Add(row);
        }
        return result;
    }

    private static object Map(object? value, TemplateArguments a, TemplateEngine engine)
    {
        var items = PyAccess.Iterate(value);
        if (a.Positional.Count == 0 && a.Named.TryGetValue("attribute", out var attribute))
        {
            var fallback = a.Named.TryGetValue("default", out var d) ? d : null;
            return items.Select(i =>
            {
                var v = AttrGetter(i, attribute);
                return v is Undefined && fallback is not null ? fallback : v;
            }).ToList();
        }
        var name = Py.Str(a.Positional[0]);
        if (!engine.Filters.TryGetValue(name, out var filter)) throw new InvalidOperationException($"No filter named '{name}'.");
        var rest = new TemplateArguments(a.Positional.Skip(1).ToList(), a.Named, a.Autoescape);
        return items.Select(i => filter(i, rest)).ToList();
    }

    private static object Select(object? value, TemplateArguments a, TemplateEngine engine, bool attribute, bool keep)
    {
        var offset = attribute ? 1 : 0;
        var attr = attribute ? a.Positional[0] : null;
        Func<object?, bool> check;
        if (a.Positional.Count <= offset) check = Py.Truthy;
        else
        {
            var name = Py.Str(a.Positional[offset]);
            if (!engine.Tests.TryGetValue(name, out var test)) throw new InvalidOperationException($"No test named '{name}'.");
            var rest = new TemplateArguments(a.Positional.Skip(offset + 1).ToList(), a.Named, a.Autoescape);
            check = v => test(v, rest);
        }
        return PyAccess.Iterate(value).Where(i => check(attribute ? AttrGetter(i, attr) : i) == keep).ToList();
    }

    private static string UrlEncode(object? value)
    {
        if (value is string or Markup || value is not System.Collections.IEnumerable) return Quote(Py.Str(value), forQuery: false);
        var pairs = PyAccess.IsMapping(value!)
            ? PyAccess.Items(value!).Select(p => (p.Key, p.Value))
            : PyAccess.Iterate(value).Select(i => { var kv = PyAccess.ToList(i); return (kv[0], kv[1]); });
        return string.Join("&", pairs.Select(p => Quote(Py.Str(p.Item1), true) + "=" + Quote(Py.Str(p.Item2), true)));
    }

    /// <summary>Python's <c>urllib.parse.quote</c>: letters, digits and <c>_.-~</c> kept (and <c>/</c> outside a query), UTF-8 percent-encoded.</summary>
    private static string Quote(string text, bool forQuery)
    {
        var b = new StringBuilder();
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)octet;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (!forQuery && c == '/')) b.Append(c);
            else b.Append('%').Append(octet.ToString("X2", C));
        }
        var quoted = b.ToString();
        return forQuery ? quoted.Replace("%20", "+") : quoted;
    }

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginning();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
