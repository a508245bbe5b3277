using System.Globalization;
using System.Numerics;

namespace MicroFlask.Routing;

/// <summary>
/// The base of <see cref="IntegerConverter"/> and <see cref="FloatConverter"/>, as Werkzeug's <c>NumberConverter</c>:
/// digits matched by <see cref="DigitsRegex"/> (with a leading '-' when <see cref="Signed"/>), an optional exact
/// digit count, and a range. A subclass says only how its numbers are read and written.
/// </summary>
/// <typeparam name="T">The number type values are checked in.</typeparam>
public abstract class NumberConverter<T> : RouteConverter
    where T : struct, INumber<T>
{
    /// <summary>Sets the shared arguments.</summary>
    protected NumberConverter(int fixedDigits, T? min, T? max, bool signed)
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
    public T? Min { get; }

    /// <summary>The largest value accepted, if any.</summary>
    public T? Max { get; }

    /// <summary>Whether negative values are accepted.</summary>
    public bool Signed { get; }

    /// <inheritdoc />
    public override string Regex => Signed ? "-?" + DigitsRegex : DigitsRegex;

    /// <inheritdoc />
    public override int Weight => 50;

    /// <summary>What the number looks like without its sign, e.g. <c>\d+</c>.</summary>
    protected abstract string DigitsRegex { get; }

    /// <inheritdoc />
    public override object ToValue(string value)
    {
        var digits = value.StartsWith('-') ? value.Length - 1 : value.Length;
        if (FixedDigits > 0 && digits != FixedDigits)
        {
            throw new RouteValidationException(string.Create(CultureInfo.InvariantCulture, $"'{value}' does not have {FixedDigits} digits."));
        }

        if (!TryParse(value, out var number))
        {
            throw new RouteValidationException($"'{value}' is too large for the converter.");
        }

        CheckRange(number);
        return Box(number);
    }

    /// <inheritdoc />
    public override string ToUrl(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryConvert(value, out var number))
        {
            throw new RouteValidationException($"'{value}' is not a number: pass a number or its text.");
        }

        // Werkzeug builds what it is given, bounds, sign and digit count unchecked: only padding is applied.
        var text = Format(number);
        var negative = text.StartsWith('-');
        var unsigned = (negative ? text[1..] : text).PadLeft(FixedDigits, '0');
        return negative ? "-" + unsigned : unsigned;
    }

    /// <summary>Reads matched text (which fits <see cref="Regex"/>); false when it does not fit <typeparamref name="T"/>.</summary>
    protected abstract bool TryParse(string text, out T number);

    /// <summary>Turns a value given to <c>url_for</c> into a number; false when it is not one.</summary>
    protected abstract bool TryConvert(object value, out T number);

    /// <summary>Writes the number as <see cref="Regex"/> matches it, sign included.</summary>
    protected abstract string Format(T number);

    /// <summary>The value a view receives; the number itself by default.</summary>
    protected virtual object Box(T number) => number;

    private void CheckRange(T number)
    {
        if ((Min is { } min && number < min) || (Max is { } max && number > max))
        {
            var low = Min is { } l ? Format(l) : "";
            var high = Max is { } h ? Format(h) : "";
            throw new RouteValidationException($"{Format(number)} is outside the range [{low}, {high}] the rule allows.");
        }
    }
}
