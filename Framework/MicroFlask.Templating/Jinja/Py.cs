using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// Python's value semantics, which Jinja templates inherit: <c>str()</c> and <c>repr()</c>, truthiness, <c>==</c>,
/// ordering and arithmetic, over the C# values a context holds (long/int/double/decimal, string, bool, null, lists,
/// dictionaries, <see cref="Markup"/>, dates).
/// </summary>
internal static class Py
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // ---- str() and repr() ----

    public static string Str(object? value) => value switch
    {
        string s => s,
        null => "None",
        Markup m => m.Html,
        Undefined => "",
        bool b => b ? "True" : "False",
        long or int or short or byte or sbyte or uint or ushort or ulong or BigInteger => Convert.ToString(value, Invariant)!,
        double d => FloatRepr(d),
        float f => FloatRepr(f),
        decimal m => m.ToString(Invariant),
        DateTime t => DateStr(t),
        DateTimeOffset t => DateStr(t.DateTime) + t.ToString("zzz", Invariant),
        DateOnly d => d.ToString("yyyy-MM-dd", Invariant),
        char c => c.ToString(),
        _ when IsContainer(value) => Repr(value),
        _ => value.ToString() ?? "",
    };

    private static bool IsContainer(object value) => value is PyTuple or IList || PyAccess.IsMapping(value);

    private static string DateStr(DateTime t)
    {
        var text = t.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
        var micro = (t.Ticks % TimeSpan.TicksPerSecond) / 10;
        return micro == 0 ? text : text + "." + micro.ToString("000000", Invariant);
    }

    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder b, object? value)
    {
        switch (value)
        {
            case string s:
                AppendStringRepr(b, s);
                return;
            case Markup m:
                b.Append("Markup(");
                AppendStringRepr(b, m.Html);
                b.Append(')');
                return;
            case PyTuple t:
                b.Append('(');
                for (var i = 0; i < t.Count; i++)
                {
                    if (i > 0) b.Append(", ");
                    AppendRepr(b, t[i]);
                }
                if (t.Count == 1) b.Append(',');
                b.Append(')');
                return;
            case DateTime t:
                b.Append("datetime.datetime(").Append(t.Year).Append(", ").Append(t.Month).Append(", ").Append(t.Day)
                    .Append(", ").Append(t.Hour).Append(", ").Append(t.Minute);
                if (t.Second != 0 || t.Ticks % TimeSpan.TicksPerSecond != 0) b.Append(", ").Append(t.Second);
                if (t.Ticks % TimeSpan.TicksPerSecond != 0) b.Append(", ").Append(t.Ticks % TimeSpan.TicksPerSecond / 10);
                b.Append(')');
                return;
        }
        if (value is not null && PyAccess.IsMapping(value))
        {
            b.Append('{');
            var first = true;
            foreach (var (key, item) in PyAccess.Items(value))
            {
                if (!first) b.Append(", ");
                first = false;
                AppendRepr(b, key);
                b.Append(": ");
                AppendRepr(b, item);
            }
            b.Append('}');
            return;
        }
        if (value is IList list)
        {
            b.Append('[');
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0) b.Append(", ");
                AppendRepr(b, list[i]);
            }
            b.Append(']');
            return;
        }
        b.Append(Str(value));
    }

    private static void AppendStringRepr(StringBuilder b, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        b.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c == quote) b.Append('\\').Append(c);
                    else if (c < ' ' || c == '\x7f') b.Append("\\x").Append(((int)c).ToString("x2", Invariant));
                    else b.Append(c);
                    break;
            }
        }
        b.Append(quote);
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that read back, fixed between 1e-4 and 1e16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits come from "R"; split it into digits and a decimal exponent.
        var shortest = d.ToString("R", Invariant);
        var negative = shortest[0] == '-';
        if (negative) shortest = shortest[1..];
        int exponent;
        string mantissa;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], Invariant);
            mantissa = shortest[..e];
        }
        else
        {
            exponent = 0;
            mantissa = shortest;
        }
        var point = mantissa.IndexOf('.');
        var intPart = point < 0 ? mantissa : mantissa[..point];
        var fracPart = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        // Scientific exponent: position of the first significant digit.
        var sci = intPart.Length - 1 - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        string text;
        if (sci < -4 || sci >= 16) text = Scientific(digits, sci);
        else if (sci >= 0)
        {
            var whole = digits.Length > sci + 1 ? digits[..(sci + 1)] : digits.PadRight(sci + 1, '0');
            var frac = digits.Length > sci + 1 ? digits[(sci + 1)..] : "0";
            text = whole + "." + frac;
        }
        else text = "0." + new string('0', -sci - 1) + digits;
        return negative ? "-" + text : text;
    }

    private static string Scientific(string digits, int sci)
    {
        var head = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "");
        return head + "e" + (sci < 0 ? "-" : "+") + Math.Abs(sci).ToString("00", Invariant);
    }

    // ---- truthiness ----

    public static bool Truthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        string s => s.Length > 0,
        Markup m => m.Html.Length > 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        decimal m => m != 0,
        float f => f != 0,
        short or byte or sbyte or uint or ushort or ulong => Convert.ToDecimal(value, Invariant) != 0,
        ICollection c => c.Count > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => true,
    };

    // ---- numbers ----

    public static bool IsNumber(object? value) =>
        value is long or int or double or decimal or float or short or byte or sbyte or uint or ushort or ulong or bool;

    public static bool IsInteger(object? value) => value is long or int or short or byte or sbyte or uint or ushort or ulong or bool;

    public static long ToLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => Convert.ToInt64(value, Invariant),
    };

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        bool b => b ? 1 : 0,
        _ => Convert.ToDouble(value, Invariant),
    };

    // ---- equality and ordering ----

    public static new bool Equals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (a is string sa) return b is string sb ? sa == sb : b is Markup mb && sa == mb.Html;
        if (a is Markup ma) return ma.Html == (b as string ?? (b as Markup)?.Html);
        if (IsNumber(a) && IsNumber(b))
        {
            if (IsInteger(a) && IsInteger(b)) return ToLong(a) == ToLong(b);
            return ToDouble(a) == ToDouble(b);
        }
        if (a is Undefined || b is Undefined) return a is Undefined && b is Undefined;
        if (a is PyTuple ta) return b is PyTuple tb && SequenceEquals(ta.Items, tb.Items);
        if (a is IList la && b is IList lb && a is not PyTuple && b is not PyTuple) return SequenceEquals(la, lb);
        if (PyAccess.IsMapping(a) && PyAccess.IsMapping(b))
        {
            var left = PyAccess.Items(a).ToList();
            var right = PyAccess.Items(b).ToList();
            return left.Count == right.Count && left.All(p => right.Any(q => Equals(p.Key, q.Key) && Equals(p.Value, q.Value)));
        }
        return a.Equals(b);
    }

    public static bool SequenceEquals(IList a, IList b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i])) return false;
        }
        return true;
    }

    public static int Compare(object? a, object? b)
    {
        if (a is Undefined u) throw u.Error();
        if (b is Undefined v) throw v.Error();
        if (IsNumber(a) && IsNumber(b))
        {
            return IsInteger(a) && IsInteger(b) ? ToLong(a).CompareTo(ToLong(b)) : ToDouble(a).CompareTo(ToDouble(b));
        }
        var textA = a as string ?? (a as Markup)?.Html;
        var textB = b as string ?? (b as Markup)?.Html;
        if (textA is not null && textB is not null) return string.CompareOrdinal(textA, textB);
        if (a is IList la && b is IList lb)
        {
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (!Equals(la[i], lb[i])) return Compare(la[i], lb[i]);
            }
            return la.Count.CompareTo(lb.Count);
        }
        if (a is IComparable ca && a.GetType() == b?.GetType()) return ca.CompareTo(b);
        throw new InvalidOperationException($"'<' is not supported between {TypeName(a)} and {TypeName(b)}.");
    }

    public static string TypeName(object? value) => value switch
    {
        null => "'NoneType'",
        string => "'str'",
        long or int => "'int'",
        double => "'float'",
        bool => "'bool'",
        Undefined => "'Undefined'",
        _ => $"'{value.GetType().Name}'",
    };

    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case null:
                throw new InvalidOperationException("argument of type 'NoneType' is not iterable.");
            case Undefined:
                return false;
            case string s:
                return s.Contains(item as string ?? (item as Markup)?.Html ?? throw new InvalidOperationException(
                    $"'in <string>' requires a string on the left, not {TypeName(item)}."), StringComparison.Ordinal);
            case Markup m:
                return m.Html.Contains(Str(item), StringComparison.Ordinal);
        }
        if (PyAccess.IsMapping(container)) return item is string key && PyAccess.TryGetKey(container, key, out _)
            || PyAccess.Items(container).Any(p => Equals(p.Key, item));
        foreach (var element in PyAccess.Iterate(container))
        {
            if (Equals(element, item)) return true;
        }
        return false;
    }

    // ---- arithmetic ----

    public static object? Add(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            if (IsInteger(a) && IsInteger(b)) return ToLong(a) + ToLong(b);
            return ToDouble(a) + ToDouble(b);
        }
        if (a is Markup ma) return new Markup(ma.Html + Escape(b));
        if (b is Markup mb && a is string) return new Markup(Escape(a) + mb.Html);
        if (a is string sa && b is string sb) return sa + sb;
        if (a is PyTuple ta && b is PyTuple tb) return new PyTuple([.. ta.Items, .. tb.Items]);
        if (a is IList la && b is IList lb)
        {
            var list = new List<object?>(la.Count + lb.Count);
            foreach (var x in la) list.Add(x);
            foreach (var x in lb) list.Add(x);
            return list;
        }
        throw BinaryError("+", a, b);
    }

    public static object? Arithmetic(string op, object? a, object? b)
    {
        if (op == "+") return Add(a, b);
        if (op == "*")
        {
            if (a is string s && IsInteger(b)) return Repeat(s, ToLong(b));
            if (b is string s2 && IsInteger(a)) return Repeat(s2, ToLong(a));
            if (a is IList list && IsInteger(b))
            {
                var result = new List<object?>();
                for (var i = 0; i < ToLong(b); i++) foreach (var x in list) result.Add(x);
                return result;
            }
        }
        if (op == "%" && (a is string || a is Markup)) return PyFormat.Percent(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw BinaryError(op, a, b);
        var ints = IsInteger(a) && IsInteger(b);
        switch (op)
        {
            case "-":
                return ints ? (object)(ToLong(a) - ToLong(b)) : ToDouble(a) - ToDouble(b);
            case "*":
                return ints ? (object)(ToLong(a) * ToLong(b)) : ToDouble(a) * ToDouble(b);
            case "/":
                if (ToDouble(b) == 0) throw new DivideByZeroException("division by zero");
                return ToDouble(a) / ToDouble(b);
            case "//":
                if (ints)
                {
                    var (x, y) = (ToLong(a), ToLong(b));
                    if (y == 0) throw new DivideByZeroException("integer division or modulo by zero");
                    var q = x / y;
                    return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
                }
                return Math.Floor(ToDouble(a) / ToDouble(b));
            case "%":
                if (ints)
                {
                    var (x, y) = (ToLong(a), ToLong(b));
                    if (y == 0) throw new DivideByZeroException("integer division or modulo by zero");
                    var r = x % y;
                    return r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
                }
                else
                {
                    var (x, y) = (ToDouble(a), ToDouble(b));
                    var r = x % y;
                    return r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
                }
            case "**":
                if (ints && ToLong(b) >= 0) return (long)BigInteger.Pow(ToLong(a), (int)ToLong(b));
                return Math.Pow(ToDouble(a), ToDouble(b));
        }
        throw new InvalidOperationException($"Unknown operator {op}.");
    }

    private static string Repeat(string s, long times) => times <= 0 ? "" : new StringBuilder(s.Length * (int)times).Insert(0, s, (int)times).ToString();

    private static Exception BinaryError(string op, object? a, object? b)
    {
        if (a is Undefined u) return u.Error();
        if (b is Undefined v) return v.Error();
        return new InvalidOperationException($"unsupported operand type(s) for {op}: {TypeName(a)} and {TypeName(b)}.");
    }

    /// <summary>MarkupSafe's <c>escape(value)</c> as text: a <see cref="Markup"/> passes unchanged.</summary>
    public static string Escape(object? value) => value is Markup m ? m.Html : Markup.EscapeText(Str(value));
}
