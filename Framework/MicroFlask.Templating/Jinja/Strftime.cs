using System.Globalization;
using System.Text;

namespace MicroFlask.Templating.Jinja;

/// <summary>Python's <c>datetime.strftime</c> with the C locale: <c>%Y-%m-%d</c>, <c>%B</c>, <c>%I:%M %p</c>…</summary>
internal static class Strftime
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Format(DateTime t, string format)
    {
        var b = new StringBuilder(format.Length + 8);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 == format.Length)
            {
                b.Append(c);
                continue;
            }
            var code = format[++i];
            switch (code)
            {
                case 'Y': b.Append(t.Year.ToString("0000", C)); break;
                case 'y': b.Append((t.Year % 100).ToString("00", C)); break;
                case 'm': b.Append(t.Month.ToString("00", C)); break;
                case 'd': b.Append(t.Day.ToString("00", C)); break;
                case 'H': b.Append(t.Hour.ToString("00", C)); break;
                case 'I': b.Append((t.Hour % 12 == 0 ? 12 : t.Hour % 12).ToString("00", C)); break;
                case 'M': b.Append(t.Minute.ToString("00", C)); break;
                case 'S': b.Append(t.Second.ToString("00", C)); break;
                case 'f': b.Append((t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", C)); break;
                case 'p': b.Append(t.Hour < 12 ? "AM" : "PM"); break;
                case 'B': b.Append(C.DateTimeFormat.GetMonthName(t.Month)); break;
                case 'b': case 'h': b.Append(C.DateTimeFormat.GetAbbreviatedMonthName(t.Month)); break;
                case 'A': b.Append(C.DateTimeFormat.GetDayName(t.DayOfWeek)); break;
                case 'a': b.Append(C.DateTimeFormat.GetAbbreviatedDayName(t.DayOfWeek)); break;
                case 'j': b.Append(t.DayOfYear.ToString("000", C)); break;
                case 'w': b.Append((int)t.DayOfWeek); break;
                case 'u': b.Append(((int)t.DayOfWeek + 6) % 7 + 1); break;
                case 'e': b.Append(t.Day.ToString(C).PadLeft(2)); break;
                case 'D': b.Append(Format(t, "%m/%d/%y")); break;
                case 'F': b.Append(Format(t, "%Y-%m-%d")); break;
                case 'T': b.Append(Format(t, "%H:%M:%S")); break;
                case 'R': b.Append(Format(t, "%H:%M")); break;
                case 'c': b.Append(Format(t, "%a %b ")).Append(t.Day.ToString(C).PadLeft(2)).Append(Format(t, " %H:%M:%S %Y")); break;
                case 'x': b.Append(Format(t, "%m/%d/%y")); break;
                case 'X': b.Append(Format(t, "%H:%M:%S")); break;
                case 'z': break;
                case 'Z': break;
                case '%': b.Append('%'); break;
                default: b.Append('%').Append(code); break;
            }
        }
        return b.ToString();
    }
}
