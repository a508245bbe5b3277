using System.Globalization;

namespace MicroFlask.Routing;

/// <summary>
/// <c>&lt;int:n&gt;</c>: digits matched to an <c>int</c> (a <c>long</c> when it does not fit). Pattern
/// arguments: <c>fixed_digits</c>, <c>min</c>, <c>max</c>, <c>signed</c> (allow a leading '-').
/// </summary>
public sealed class IntegerConverter : RouteConverter
{
    /// <summary>Creates the converter.</summary>
    public IntegerConverter(int fixedDigits = 0, long? min = null, long? max = null, bool signed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fixedDigits);
        FixedDigits = fixedDigits;
        Min = min;
        Max = max;
        Signed = signed;
    }

    /// <summary>The exact number of digits required (zero-padded when building), or 0 for any.</summary>
    public int FixedDigits { get; }

    /// <summary>The smallest value accepted, if any.</summary>
    public long? Min { get; }

    /// <summary>The largest value accepted, if any.</summary>
    public long? Max { get; }

    /// <summary>Whether negative values are accepted.</summary>
    public bool Signed { get; }

    /// <inheritdoc />
    public override string Regex => Signed ? @"-?\d+" : @"\d+";

    /// <inheritdoc />
    public override int Weight => 50;

    /// <inheritdoc />
    public override object ToValue(string value)
    {
        var digits = value.StartsWith('-') ? value.Length - 1 : value.Length;
        if (FixedDigits > 0 && digits != FixedDigits)
        {
            throw new RouteValidationException($"'{value}' does not have {FixedDigits} digits");
        }

        if (!long.TryParse(value, Signed ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new RouteValidationException($"'{value}' is not an integer in range");
        }

        CheckRange(number);
        return number is >= int.MinValue and <= int.MaxValue ? (object)(int)number : number;
    }

    /// <inheritdoc />
    public override string ToUrl(object value)
    {
        var number = value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            sbyte sb => sb,
            ushort us => us,
            uint ui => ui,
            ulong ul when ul <= long.MaxValue => (long)ul,
            string digits when long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new RouteValidationException($"'{value}' is not an integer"),
        };
        if (number < 0 && !Signed)
        {
            throw new RouteValidationException($"{number} is negative and the converter is not signed");
        }

        CheckRange(number);
        var text = Math.Abs((decimal)number).ToString(CultureInfo.InvariantCulture).PadLeft(FixedDigits, '0');
        if (FixedDigits > 0 && text.Length > FixedDigits)
        {
            // Matching would reject it, so refuse to build a URL that leads nowhere.
            throw new RouteValidationException($"{number} has more than {FixedDigits} digits");
        }

        return number < 0 ? "-" + text : text;
    }

    private void CheckRange(long number)
    {
        if (number < Min || number > Max)
        {
            throw new RouteValidationException($"{number} is outside [{Min?.ToString(CultureInfo.InvariantCulture) ?? ""}, {Max?.ToString(CultureInfo.InvariantCulture) ?? ""}]");
        }
    }

    internal static IntegerConverter FromArguments(ConverterArguments args)
    {
        var bound = ConverterParameters.Bind(args, "int", "fixed_digits", "min", "max", "signed");
        return new IntegerConverter(
            ConverterParameters.Length(bound[0], "int", "fixed_digits") ?? 0,
            ConverterParameters.Integer(bound[1], "int", "min"),
            ConverterParameters.Integer(bound[2], "int", "max"),
            ConverterParameters.Flag(bound[3], "int", "signed"));
    }
}
