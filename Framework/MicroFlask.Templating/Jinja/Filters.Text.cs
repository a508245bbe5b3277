using System.Text;
using System.Text.RegularExpressions;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>The filters that lay out text or build HTML from it: <c>wordwrap</c>, <c>filesizeformat</c>, <c>xmlattr</c>, <c>urlize</c>.</summary>
internal static partial class Filters
{
    /// <summary><c>1500|filesizeformat</c> is <c>1.5 kB</c>; <c>filesizeformat(true)</c> uses KiB, MiB… as Jinja does.</summary>
    private static string FileSizeFormat(object? value, TemplateArguments a)
    {
        var bytes = ToFloat(value) is double d ? d : throw new InvalidOperationException(value is string or Markup
            ? $"could not convert string to float: {Py.Repr(Py.Str(value))}"
            : $"float() argument must be a string or a real number, not {Py.TypeName(value)}");
        var binary = Py.Truthy(a.Get(0, "binary", false));
        double unitBase = binary ? 1024 : 1000;
        string[] prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        if (bytes == 1) return "1 Byte";
        if (bytes < unitBase) return Py.Str((long)bytes) + " Bytes";
        var unit = 0.0;
        foreach (var (prefix, i) in prefixes.Select((p, i) => (p, i)))
        {
            unit = Math.Pow(unitBase, i + 2);
            if (bytes < unit || i == prefixes.Length - 1) return Py.Str(PyFormat.Percent("%.1f", unitBase * bytes / unit)) + " " + prefix;
        }
        return "";
    }

    /// <summary><c>{'class': 'x', 'hidden': none}|xmlattr</c>: <c> class="x"</c>, values escaped, none and undefined left out.</summary>
    private static object XmlAttr(object? value, TemplateArguments a)
    {
        var autospace = Py.Truthy(a.Get(0, "autospace", true));
        var parts = new List<string>();
        foreach (var (key, item) in PyAccess.Items(value!))
        {
            if (item is null or Undefined) continue;
            var name = Py.Str(key);
            if (name.Any(c => c is '/' or '>' or '=' || (c < 128 && char.IsWhiteSpace(c))))
            {
                throw new InvalidOperationException($"Invalid character in attribute name: {Py.Repr(name)}");
            }
            parts.Add($"{Py.Escape(key)}=\"{Py.Escape(item)}\"");
        }
        var text = string.Join(" ", parts);
        if (autospace && text.Length > 0) text = " " + text;
        return a.Autoescape ? new Markup(text) : text;
    }

    /// <summary>
    /// Python's <c>textwrap.wrap</c> as Jinja's <c>wordwrap</c> calls it (tabs and whitespace kept, each line of the
    /// text wrapped on its own), joined with <c>wrapstring</c>.
    /// </summary>
    private static string WordWrap(object? value, TemplateArguments a)
    {
        var width = (int)Py.ToLong(a.Get(0, "width", 79L));
        if (width <= 0) throw new InvalidOperationException($"invalid width {width} (must be > 0)");
        var breakLongWords = Py.Truthy(a.Get(1, "break_long_words", true));
        var wrapString = a.Get(2, "wrapstring") is { } w and not Undefined ? Py.Str(w) : "\n";
        var breakOnHyphens = Py.Truthy(a.Get(3, "break_on_hyphens", true));
        var paragraphs = LineBreak().Split(Py.Str(value));
        if (paragraphs.Length > 0 && paragraphs[^1].Length == 0) paragraphs = paragraphs[..^1];
        return string.Join(wrapString, paragraphs.Select(p => string.Join(wrapString, Wrap(p, width, breakLongWords, breakOnHyphens))));
    }

    private static List<string> Wrap(string text, int width, bool breakLongWords, bool breakOnHyphens)
    {
        var split = breakOnHyphens ? WordSeparators().Split(text) : Whitespace().Split(text);
        var chunks = new Stack<string>(split.Where(c => c.Length > 0).Reverse());
        var lines = new List<string>();
        while (chunks.Count > 0)
        {
            var line = new List<string>();
            var length = 0;
            if (lines.Count > 0 && chunks.Peek().Trim().Length == 0) chunks.Pop();
            while (chunks.Count > 0 && length + chunks.Peek().Length <= width) length += Push(line, chunks.Pop());
            if (chunks.Count > 0 && chunks.Peek().Length > width)
            {
                var spaceLeft = Math.Max(width - length, 1);
                if (breakLongWords)
                {
                    var chunk = chunks.Pop();
                    var end = spaceLeft;
                    if (breakOnHyphens && chunk.Length > spaceLeft)
                    {
                        var hyphen = chunk.LastIndexOf('-', spaceLeft - 1, spaceLeft);
                        if (hyphen > 0 && chunk[..hyphen].Any(c => c != '-')) end = hyphen + 1;
                    }
                    line.Add(chunk[..end]);
                    chunks.Push(chunk[end..]);
                }
                else if (line.Count == 0) line.Add(chunks.Pop());
            }
            if (line.Count > 0 && line[^1].Trim().Length == 0) line.RemoveAt(line.Count - 1);
            if (line.Count > 0) lines.Add(string.Concat(line));
        }
        return lines;
    }

    private static int Push(List<string> line, string chunk)
    {
        line.Add(chunk);
        return chunk.Length;
    }

    /// <summary>
    /// Jinja's <c>urlize</c>: in the escaped text, each word that is an http(s) or <c>www.</c> URL, a bare domain under
    /// a common TLD, or an e-mail address (with or without <c>mailto:</c>) becomes a link; leading <c>(</c> <c>&lt;</c>
    /// and trailing <c>. , ) &gt;</c> stay outside, unless they balance a parenthesis inside.
    /// </summary>
    private static object Urlize(object? value, TemplateArguments a)
    {
        var trimLimit = a.Get(0, "trim_url_limit") is { } limit and not Undefined ? (int?)Py.ToLong(limit) : null;
        var nofollow = Py.Truthy(a.Get(1, "nofollow", false));
        var target = a.Get(2, "target") is { } t and not Undefined ? Py.Str(t) : null;
        var relParts = new SortedSet<string>((a.Get(3, "rel") is { } r and not Undefined ? Py.Str(r) : "").Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        if (nofollow) relParts.Add("nofollow");
        relParts.Add("noopener");
        var extraSchemes = a.Get(4, "extra_schemes") is { } s and not Undefined ? PyAccess.Iterate(s).Select(Py.Str).ToList() : [];
        foreach (var scheme in extraSchemes)
        {
            if (!UriScheme().IsMatch(scheme)) throw new InvalidOperationException($"{Py.Repr(scheme)} is not a valid URI scheme prefix.");
        }
        var relAttr = $" rel=\"{Markup.EscapeText(string.Join(" ", relParts))}\"";
        var targetAttr = target is null or "" ? "" : $" target=\"{Markup.EscapeText(target)}\"";
        string Trim(string url) => trimLimit is int n && url.Length > n ? url[..n] + "..." : url;

        var words = SplitKeepingWhitespace().Split(Py.Escape(value));
        var b = new StringBuilder();
        foreach (var word in words)
        {
            var middle = word;
            var head = Lead().Match(middle) is { Success: true } lead ? lead.Value : "";
            middle = middle[head.Length..];
            var tail = "";
            if (Trail().Match(middle) is { Success: true } trail)
            {
                tail = trail.Value;
                middle = middle[..trail.Index];
            }
            foreach (var (open, close) in new[] { ("(", ")"), ("<", ">"), ("&lt;", "&gt;") })
            {
                var opens = Count(middle, open);
                if (opens <= Count(middle, close)) continue;
                for (var moves = Math.Min(opens, Count(tail, close)); moves > 0; moves--)
                {
                    var end = tail.IndexOf(close, StringComparison.Ordinal) + close.Length;
                    middle += tail[..end];
                    tail = tail[end..];
                }
            }
            if (HttpUrl().IsMatch(middle))
            {
                var href = middle.StartsWith("https://", StringComparison.Ordinal) || middle.StartsWith("http://", StringComparison.Ordinal) ? middle : "https://" + middle;
                middle = $"<a href=\"{href}\"{relAttr}{targetAttr}>{Trim(middle)}</a>";
            }
            else if (middle.StartsWith("mailto:", StringComparison.Ordinal) && Email().IsMatch(middle[7..]))
            {
                middle = $"<a href=\"{middle}\">{middle[7..]}</a>";
            }
            else if (middle.Contains('@') && !middle.StartsWith("www.", StringComparison.Ordinal) && !middle.StartsWith('@') && !middle.Contains(':') && Email().IsMatch(middle))
            {
                middle = $"<a href=\"mailto:{middle}\">{middle}</a>";
            }
            else
            {
                foreach (var scheme in extraSchemes)
                {
                    if (middle != scheme && middle.StartsWith(scheme, StringComparison.Ordinal)) middle = $"<a href=\"{middle}\"{relAttr}{targetAttr}>{middle}</a>";
                }
            }
            b.Append(head).Append(middle).Append(tail);
        }
        return a.Autoescape ? new Markup(b.ToString()) : b.ToString();
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [GeneratedRegex(@"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")]
    private static partial Regex LineBreak();

    // textwrap's wordsep_simple_re and wordsep_re (words, hyphenated parts and em-dashes), with Python's whitespace set.
    [GeneratedRegex(@"([\t\n\x0b\x0c\r ]+)")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"([\t\n\x0b\x0c\r ]+|(?<=[\w!""'&.,?])-{2,}(?=\w)|[^\t\n\x0b\x0c\r ]+?(?:-(?:(?<=[^\d\W]{2}-)|(?<=[^\d\W]-[^\d\W]-))(?=[^\d\W]-?[^\d\W])|(?=[\t\n\x0b\x0c\r ]|\z)|(?<=[\w!""'&.,?])(?=-{2,}\w)))")]
    private static partial Regex WordSeparators();

    [GeneratedRegex(@"(\s+)")]
    private static partial Regex SplitKeepingWhitespace();

    [GeneratedRegex(@"^(?:[(<]|&lt;)+")]
    private static partial Regex Lead();

    [GeneratedRegex(@"(?:[)>.,\n]|&gt;)+$")]
    private static partial Regex Trail();

    [GeneratedRegex(@"^((https?://|www\.)(([\w%-]+\.)+)?([a-z]{2,63}|xn--[\w%]{2,59})|([\w%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)|(https?://)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}])))(?::[\d]{1,5})?(?:[/?#]\S*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HttpUrl();

    [GeneratedRegex(@"^\S+@\w[\w.-]*\.\w+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[\w.+-]{2,}:(/){0,2}$")]
    private static partial Regex UriScheme();
}
