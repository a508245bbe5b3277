using System.Globalization;
using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>Python's <c>"%s" % args</c> (the <c>format</c> filter) and <c>"{}".format(args)</c>, for the common specifiers.</summary>
internal static class PyFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static object Percent(object? format, object? args)
    {
        var markup = format is Markup;
        var text = markup ? ((Markup)format!).Html : (string)format!;
        var list = args is PyTuple t ? t.Items : [args];
        var result = Printf(text, list, args, markup);
        return markup ? new Markup(result) : result;
    }

    public static string Printf(string format, IReadOnlyList<object?> args, object? mapping, bool escape)
    {
        var b = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                b.Append(format[i]);
                continue;
            }
            i++;
            if (i >= format.Length) throw new FormatException("incomplete format");
            if (format[i] == '%')
            {
                b.Append('%');
                continue;
            }
            object? value;
            var named = false;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                var key = format[(i + 1)..close];
                value = PyAccess.GetItem(mapping, key);
                named = true;
                i = close + 1;
            }
            else value = null;
            var flags = "";
            while (i < format.Length && "-+ 0#".Contains(format[i])) flags += format[i++];
            var width = 0;
            if (i < format.Length && format[i] == '*') { width = (int)Py.ToLong(args[next++]); i++; }
            while (i < format.Length && char.IsDigit(format[i])) width = width * 10 + (format[i++] - '0');
            var precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = 0;
                while (i < format.Length && char.IsDigit(format[i])) precision = precision * 10 + (format[i++] - '0');
            }
            var conversion = format[i];
            if (!named)
            {
                if (next >= args.Count) throw new FormatException("not enough arguments for format string");
                value = args[next++];
            }
            var piece = Convert(value, conversion, flags, precision);
            if (escape && conversion is 's' or 'r') piece = Py.Escape(conversion == 'r' ? Py.Repr(value) : value);
            if (piece.Length < width)
            {
                if (flags.Contains('-')) piece = piece.PadRight(width);
                else if (flags.Contains('0') && conversion is not ('s' or 'r'))
                {
                    var sign = piece.StartsWith('-') || piece.StartsWith('+') ? piece[..1] : "";
                    piece = sign + piece[sign.Length..].PadLeft(width - sign.Length, '0');
                }
                else piece = piece.PadLeft(width);
            }
            b.Append(piece);
        }
        return b.ToString();
    }

    private static string Convert(object? value, char conversion, string flags, int precision)
    {
        string Sign(double d, string s) => d >= 0 && flags.Contains('+') ? "+" + s : d >= 0 && flags.Contains(' ') ? " " + s : s;
        switch (conversion)
        {
            case 's':
                var s = Py.Str(value);
                return precision >= 0 && s.Length > precision ? s[..precision] : s;
            case 'r':
                return Py.Repr(value);
            case 'd':
            case 'i':
            case 'u':
                var l = value is string text ? throw new FormatException("%d format: a real number is required, not str") : Py.ToLong(value is double d0 ? Math.Truncate(d0) : value);
                return Sign(l, l.ToString(C));
            case 'f':
            case 'F':
                var f = Py.ToDouble(value);
                return Sign(f, f.ToString("F" + (precision < 0 ? 6 : precision), C));
            case 'e':
            case 'E':
                var e = Py.ToDouble(value);
                var formatted = e.ToString((conversion == 'e' ? "e" : "E") + (precision < 0 ? 6 : precision), C);
                // .NET writes three exponent digits; Python at least two.
                var at = formatted.IndexOfAny(['e', 'E']);
                var exponent = int.Parse(formatted[(at + 1)..], C);
                return Sign(e, formatted[..(at + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", C));
            case 'x':
                return Py.ToLong(value).ToString("x", C);
            case 'X':
                return Py.ToLong(value).ToString("X", C);
            case 'o':
                return System.Convert.ToString(Py.ToLong(value), 8);
            case 'c':
                return value is string c ? c : ((char)Py.ToLong(value)).ToString();
        }
        throw new FormatException($"unsupported format character '{conversion}'");
    }

    /// <summary><c>"{} and {name}".format(...)</c>: positional, numbered and named fields, with an optional <c>:spec</c> of fill/width/precision.</summary>
    public static string BraceFormat(string format, TemplateArguments a)
    {
        var b = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { b.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { b.Append('}'); i++; continue; }
            if (c != '{') { b.Append(c); continue; }
            var close = format.IndexOf('}', i);
            var field = format[(i + 1)..close];
            i = close;
            var colon = field.IndexOf(':');
            var spec = colon >= 0 ? field[(colon + 1)..] : "";
            var name = colon >= 0 ? field[..colon] : field;
            object? value = name.Length == 0 ? a.Positional[auto++]
                : int.TryParse(name, out var n) ? a.Positional[n]
                : a.Named[name];
            if (spec.Length == 0) { b.Append(Py.Str(value)); continue; }
            var dot = spec.IndexOf('.');
            var width = 0;
            var widthText = new string((dot >= 0 ? spec[..dot] : spec).Where(char.IsDigit).ToArray());
            if (widthText.Length > 0) width = int.Parse(widthText, C);
            var type = spec[^1];
            var precision = dot >= 0 ? int.Parse(new string(spec[(dot + 1)..].TakeWhile(char.IsDigit).ToArray()), C) : -1;
            var piece = type switch
            {
                'f' => Py.ToDouble(value).ToString("F" + (precision < 0 ? 6 : precision), C),
                'd' => Py.ToLong(value).ToString(C),
                _ => Py.Str(value),
            };
            b.Append(Py.IsNumber(value) ? piece.PadLeft(width) : piece.PadRight(width));
        }
        return b.ToString();
    }
}
