using System.Globalization;
using System.Text;

namespace MicroFlask.Routing;

/// <summary>
/// <c>&lt;float:x&gt;</c>: a decimal with a point (<c>1.5</c>, not <c>1</c>) matched to a <c>double</c>.
/// Pattern arguments: <c>min</c>, <c>max</c>, <c>signed</c> (allow a leading '-').
/// </summary>
public sealed class FloatConverter : NumberConverter<double>
{
    /// <summary>Creates the converter.</summary>
    public FloatConverter(double? min = null, double? max = null, bool signed = false)
        : base(fixedDigits: 0, min, max, signed)
    {
    }

    /// <inheritdoc />
    protected override string DigitsRegex => @"\d+\.\d+";

    /// <inheritdoc />
    protected override bool TryParse(string text, out double number) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number)
        && double.IsFinite(number);

    /// <inheritdoc />
    protected override bool TryConvert(object value, out double number)
    {
        (var ok, number) = value switch
        {
            double d => (true, d),
            float f => (true, double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
            decimal m => (true, (double)m),
            int i => (true, i),
            long l => (true, l),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => (true, parsed),
            _ => (false, 0d),
        };
        // NaN and the infinities have no digits a URL could carry.
        return ok && double.IsFinite(number);
    }

    /// <inheritdoc />
    protected override string Format(double number) => WithoutExponent(number);

    // The regex only matches "digits.digits", so 1E-05 must be written 0.00001 and 3 as 3.0.
    private static string WithoutExponent(double number)
    {
        var text = number.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E');
        if (exponentAt >= 0)
        {
            var exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var negative = text[0] == '-';
            var mantissa = text[(negative ? 1 : 0)..exponentAt];
            var point = mantissa.IndexOf('.');
            var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
            var pointAt = (point < 0 ? mantissa.Length : point) + exponent;
            var builder = new StringBuilder(negative ? "-" : "");
            if (pointAt <= 0)
            {
                builder.Append("0.").Append('0', -pointAt).Append(digits);
            }
            else if (pointAt >= digits.Length)
            {
                builder.Append(digits).Append('0', pointAt - digits.Length);
            }
            else
            {
                builder.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
            }

            text = builder.ToString();
        }

        return text.Contains('.') ? text : text + ".0";
    }

    internal static FloatConverter FromArguments(ConverterArguments args)
    {
        var bound = ConverterParameters.Bind(args, "float", "min", "max", "signed");
        return new FloatConverter(
            ConverterParameters.Real(bound[0], "float", "min"),
            ConverterParameters.Real(bound[1], "float", "max"),
            ConverterParameters.Flag(bound[2], "float", "signed"));
    }
}
