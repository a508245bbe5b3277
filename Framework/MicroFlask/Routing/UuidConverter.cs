namespace MicroFlask.Routing;

/// <summary><c>&lt;uuid:id&gt;</c>: a UUID in its 8-4-4-4-12 hex form, matched to a <see cref="Guid"/>.</summary>
public sealed class UuidConverter : RouteConverter
{
    /// <inheritdoc />
    public override string Regex => "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";

    /// <inheritdoc />
    public override object ToValue(string value) =>
        Guid.TryParseExact(value, "D", out var id) ? id : throw new RouteValidationException($"'{value}' is not a UUID.");

    /// <inheritdoc />
    public override string ToUrl(object value) => value switch
    {
        Guid id => id.ToString("D"),
        string text when Guid.TryParse(text, out var id) => id.ToString("D"),
        _ => throw new RouteValidationException($"'{value}' is not a UUID: pass a Guid or its text."),
    };

    internal static UuidConverter FromArguments(ConverterArguments args)
    {
        ConverterParameters.Bind(args, "uuid");
        return new UuidConverter();
    }
}
