using System.Globalization;
using System.Text;

namespace MicroFlask.Routing;

/// <summary>
/// <c>&lt;float:x&gt;</c>: a decimal with a point (<c>1.5</c>, not <c>1</c>) matched to a <c>double</c>.
/// Pattern arguments: <c>min</c>, <c>max</c>, <c>signed</c> (allow a leading '-').
/// </summary>
public sealed class FloatConverter : RouteConverter
{
    /// <summary>Creates the converter.</summary>
    public FloatConverter(double? min = null, double? max = null, bool signed = false)
    {
        Min = min;
        Max = max;
        Signed = signed;
    }

    /// <summary>The smallest value accepted, if any.</summary>
    public double? Min { get; }

    /// <summary>The largest value accepted, if any.</summary>
    public double? Max { get; }

    /// <summary>Whether negative values are accepted.</summary>
    public bool Signed { get; }

    /// <inheritdoc />
    public override string Regex => Signed ? @"-?\d+\.\d+" : @"\d+\.\d+";

    /// <inheritdoc />
    public override int Weight => 50;

    /// <inheritdoc />
    public override object ToValue(string value)
    {
        var number = double.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (double.IsInfinity(number))
        {
            throw new RouteValidationException($"'{value}' is too large");
        }

        CheckRange(number);
        return number;
    }

    /// <inheritdoc />
    public override string ToUrl(object value)
    {
        var number = value switch
        {
            double d => d,
            float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            decimal m => (double)m,
            int i => i,
            long l => l,
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new RouteValidationException($"'{value}' is not a number"),
        };
        if (!double.IsFinite(number))
        {
            throw new RouteValidationException($"{value} cannot be written in a URL");
        }

        if (number < 0 && !Signed)
        {
            throw new RouteValidationException($"{number.ToString(CultureInfo.InvariantCulture)} is negative and the converter is not signed");
        }

        CheckRange(number);
        return WithoutExponent(number);
    }

    private void CheckRange(double number)
    {
        if (number < Min || number > Max)
        {
            throw new RouteValidationException($"{number.ToString(CultureInfo.InvariantCulture)} is outside the allowed range");
        }
    }

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
