using System.Globalization;

namespace MicroFlask.Routing;

/// <summary>
/// The default converter (<c>&lt;name&gt;</c>, <c>&lt;string:name&gt;</c>): one path segment as text.
/// Pattern arguments: <c>minlength</c>, <c>maxlength</c>, <c>length</c>.
/// </summary>
public sealed class StringConverter : RouteConverter
{
    private readonly string _regex;

    /// <summary>Creates the converter; <paramref name="length"/> wins over the min/max pair.</summary>
    public StringConverter(int minLength = 1, int? maxLength = null, int? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        if (maxLength < minLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"The maxlength {maxLength} is below the minlength {minLength}: raise maxlength or lower minlength.");
        }

        MinLength = length ?? minLength;
        MaxLength = length ?? maxLength;
        _regex = (length, minLength, maxLength) switch
        {
            ({ } exact, _, _) => $"[^/]{{{exact.ToString(CultureInfo.InvariantCulture)}}}",
            (null, 1, null) => "[^/]+",
            _ => $"[^/]{{{minLength.ToString(CultureInfo.InvariantCulture)},{maxLength?.ToString(CultureInfo.InvariantCulture)}}}",
        };
    }

    /// <summary>The fewest characters accepted.</summary>
    public int MinLength { get; }

    /// <summary>The most characters accepted, or null for no limit.</summary>
    public int? MaxLength { get; }

    /// <inheritdoc />
    public override string Regex => _regex;

    /// <inheritdoc />
    public override object ToValue(string value) => value;

    internal static StringConverter FromArguments(ConverterArguments args)
    {
        var bound = ConverterParameters.Bind(args, "string", "minlength", "maxlength", "length");
        return new StringConverter(
            ConverterParameters.Length(bound[0], "string", "minlength") ?? 1,
            ConverterParameters.Length(bound[1], "string", "maxlength"),
            ConverterParameters.Length(bound[2], "string", "length"));
    }
}
