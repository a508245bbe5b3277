using System.Collections.Frozen;
using System.Globalization;
using MicroFlask.Http;

namespace MicroFlask.Routing;

/// <summary><c>&lt;any(about, help):page&gt;</c>: one of a fixed set of segments, as a string.</summary>
public sealed class AnyConverter : RouteConverter
{
    private readonly FrozenSet<string> _lookup;
    private readonly string _regex;

    /// <summary>Creates the converter accepting exactly <paramref name="items"/>.</summary>
    public AnyConverter(params IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
        if (Items.Count == 0)
        {
            throw new ArgumentException("The converter 'any' needs at least one item: list them, e.g. <any(about, help):page>.", nameof(items));
        }

        if (Items.Any(item => string.IsNullOrEmpty(item) || item.Contains('/')))
        {
            throw new ArgumentException("Each item of the converter 'any' must be non-empty text without a '/': a '/' would end the path segment.", nameof(items));
        }

        _lookup = Items.ToFrozenSet(StringComparer.Ordinal);
        _regex = "(?:" + string.Join("|", Items.Select(System.Text.RegularExpressions.Regex.Escape)) + ")";
    }

    /// <summary>The accepted segments, in the order given.</summary>
    public IReadOnlyList<string> Items { get; }

    /// <inheritdoc />
    public override string Regex => _regex;

    /// <inheritdoc />
    public override object ToValue(string value) =>
        _lookup.Contains(value) ? value : throw new RouteValidationException(NotOneOf(value));

    /// <inheritdoc />
    public override string ToUrl(object value)
    {
        var text = UrlEncoding.Format(value);
        return _lookup.Contains(text) ? Quote(text) : throw new RouteValidationException(NotOneOf(text));
    }

    private string NotOneOf(string value) =>
        $"'{value}' is not one of {string.Join(", ", Items.Select(item => $"'{item}'"))}.";

    internal static AnyConverter FromArguments(ConverterArguments args)
    {
        if (args.Named.Count > 0)
        {
            throw new ArgumentException("The converter 'any' takes its items as positional arguments, not named ones, e.g. <any(about, help):page>.");
        }

        return new AnyConverter(args.Positional.Select(item => item switch
        {
            null => throw new ArgumentException("The converter 'any' cannot take None as an item: write each item as text."),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => item.ToString()!,
        }));
    }
}
