using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MicroFlask.Sessions.Json;

/// <summary>
/// Writes JSON byte for byte as Python's <c>json.dumps(ensure_ascii=True, separators=(",", ":"))</c> does.
/// </summary>
/// <remarks>
/// Utf8JsonWriter cannot be used: its escaping differs (uppercase hex, and &lt; &gt; &amp; ' + escaped by
/// default), and a signature covers the exact bytes, so a Flask cookie and ours must agree on every one.
/// </remarks>
internal sealed class PythonJsonWriter(IBufferWriter<byte> output)
{
    // Printable ASCII except the two characters JSON requires escaped; everything else is escaped, as ensure_ascii does.
    private static readonly SearchValues<char> PlainCharacters = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public void WriteRaw(ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(output.GetSpan(ascii.Length));
        output.Advance(ascii.Length);
    }

    public void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public void WriteString(ReadOnlySpan<char> text)
    {
        WriteByte((byte)'"');
        while (!text.IsEmpty)
        {
            var plain = text.IndexOfAnyExcept(PlainCharacters);
            var run = plain < 0 ? text : text[..plain];
            if (!run.IsEmpty)
            {
                var span = output.GetSpan(run.Length);
                Ascii.FromUtf16(run, span, out var written);
                output.Advance(written);
            }

            if (plain < 0)
            {
                break;
            }

            WriteEscaped(text[plain]);
            text = text[(plain + 1)..];
        }

        WriteByte((byte)'"');
    }

    public void WriteInteger(long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    public void WriteInteger(ulong value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    public void WriteInteger(BigInteger value) => WriteAscii(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Python's <c>repr(float)</c>: the shortest digits that round-trip, laid out by Python's rules.</summary>
    public void WriteFloat(double value)
    {
        // Not JSON, but what Python's json.dumps writes (allow_nan is on in Flask), and what it reads back.
        if (double.IsNaN(value))
        {
            WriteRaw("NaN"u8);
        }
        else if (double.IsInfinity(value))
        {
            WriteRaw(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
        else
        {
            WriteAscii(FormatFloat(value));
        }
    }

    internal static string FormatFloat(double value)
    {
        // .NET's "R" yields the same shortest round-trip digits as Python's repr, but lays them out differently
        // ("1E-05" against "1e-05", "1E+16" against "1e+16", "100" against "100.0"): take the digits, redo the layout.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        var body = negative ? text.AsSpan(1) : text.AsSpan();
        var exponent = 0;
        var e = body.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var dot = body.IndexOf('.');
        var integerDigits = dot < 0 ? body : body[..dot];
        var fractionDigits = dot < 0 ? [] : body[(dot + 1)..];
        var digits = string.Concat(integerDigits, fractionDigits);

        // value = 0.DIGITS * 10^point, the way CPython's float formatting counts.
        var point = integerDigits.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= leadingZeros;
        if (digits.Length == 0)
        {
            digits = "0";
            point = 1;
        }

        var sb = new StringBuilder(digits.Length + 8);
        if (negative)
        {
            sb.Append('-');
        }

        if (point is > -4 and <= 16)
        {
            if (point <= 0)
            {
                sb.Append("0.").Append('0', -point).Append(digits);
            }
            else if (point >= digits.Length)
            {
                sb.Append(digits).Append('0', point - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var shown = point - 1;
            sb.Append('e').Append(shown < 0 ? '-' : '+').Append(Math.Abs(shown).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private void WriteAscii(string text)
    {
        var span = output.GetSpan(text.Length);
        Ascii.FromUtf16(text, span, out var written);
        output.Advance(written);
    }

    private void WriteEscaped(char c)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        var shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            '\b' => (byte)'b',
            '\f' => (byte)'f',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            span[1] = shortForm;
            output.Advance(2);
            return;
        }

        // Lowercase hex, one escape per UTF-16 unit: exactly Python's escapes, surrogate pairs included.
        span[1] = (byte)'u';
        ((int)c).TryFormat(span[2..6], out _, "x4", CultureInfo.InvariantCulture);
        output.Advance(6);
    }
}
