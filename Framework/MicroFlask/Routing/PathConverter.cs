namespace MicroFlask.Routing;

/// <summary>
/// <c>&lt;path:name&gt;</c>: the rest of the path, slashes included (not a leading slash). Tried after
/// every other converter, and builds with '/' kept.
/// </summary>
public sealed class PathConverter : RouteConverter
{
    /// <inheritdoc />
    public override string Regex => "[^/].*?";

    /// <inheritdoc />
    public override int Weight => 200;

    /// <inheritdoc />
    public override bool PartIsolating => false;

    /// <inheritdoc />
    public override object ToValue(string value) => value;

    internal static PathConverter FromArguments(ConverterArguments args)
    {
        ConverterParameters.Bind(args, "path");
        return new PathConverter();
    }
}
