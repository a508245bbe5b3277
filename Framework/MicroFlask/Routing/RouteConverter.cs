using MicroFlask.Http;

namespace MicroFlask.Routing;

/// <summary>
/// Turns one URL variable into a value and back, like Werkzeug's <c>BaseConverter</c>. Subclass it and
/// register the subclass with <see cref="ConverterRegistry.Add(string, Func{ConverterArguments, RouteConverter})"/>
/// to use it in patterns as <c>&lt;name:variable&gt;</c>.
/// </summary>
public abstract class RouteConverter
{
    /// <summary>The regular expression a URL part must match; it must not contain capturing groups that matter.</summary>
    public virtual string Regex => "[^/]+";

    /// <summary>Orders dynamic rules: a lower weight is tried first (numbers 50, strings 100, paths 200).</summary>
    public virtual int Weight => 100;

    /// <summary>False when <see cref="Regex"/> may match '/', so the variable can span several segments.</summary>
    public virtual bool PartIsolating => true;

    /// <summary>Converts the matched, decoded text; throw <see cref="RouteValidationException"/> to reject it.</summary>
    public abstract object ToValue(string value);

    /// <summary>
    /// Converts a value to its URL text, percent-encoded. The default formats with the invariant culture and
    /// keeps '/' only for converters that are not <see cref="PartIsolating"/>.
    /// </summary>
    public virtual string ToUrl(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Quote(UrlEncoding.Format(value), keepSlash: !PartIsolating);
    }

    /// <summary>Percent-encodes <paramref name="text"/> as a path part, for converters that override <see cref="ToUrl"/>.</summary>
    protected static string Quote(string text, bool keepSlash = false) =>
        keepSlash ? UrlEncoding.QuotePath(text) : UrlEncoding.QuotePathSegment(text);
}
