using System.Globalization;

namespace MicroFlask.Routing;

/// <summary>
/// <c>&lt;int:n&gt;</c>: digits matched to an <c>int</c> (a <c>long</c> when it does not fit). Pattern
/// arguments: <c>fixed_digits</c>, <c>min</c>, <c>max</c>, <c>signed</c> (allow a leading '-').
/// </summary>
public sealed class IntegerConverter : NumberConverter<long>
{
    /// <summary>Creates the converter.</summary>
    public IntegerConverter(int fixedDigits = 0, long? min = null, long? max = null, bool signed = false)
        : base(fixedDigits, min, max, signed)
    {
    }

    /// <inheritdoc />
    protected override string DigitsRegex => @"\d+";

    /// <inheritdoc />
    protected override bool TryParse(string text, out long number) =>
        long.TryParse(text, Signed ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out number);

    /// <inheritdoc />
    protected override bool TryConvert(object value, out long number)
    {
        (var ok, number) = value switch
        {
            int i => (true, i),
            long l => (true, l),
            short s => (true, s),
            byte b => (true, b),
            sbyte sb => (true, sb),
            ushort us => (true, us),
            uint ui => (true, ui),
            ulong ul when ul <= long.MaxValue => (true, (long)ul),
            string digits when long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => (true, parsed),
            _ => (false, 0L),
        };
        return ok;
    }

    /// <inheritdoc />
    protected override string Format(long number) => number.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override object Box(long number) => number is >= int.MinValue and <= int.MaxValue ? (object)(int)number : number;

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
