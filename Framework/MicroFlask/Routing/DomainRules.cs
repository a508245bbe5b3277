namespace MicroFlask.Routing;

/// <summary>
/// The rules of one domain pattern (a subdomain such as <c>api</c> or <c>&lt;user&gt;</c>, or a host with
/// host matching), each group with its own path matcher, as Werkzeug's matcher puts the domain first.
/// </summary>
internal sealed class DomainRules
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>();

    private readonly RulePart? _part;
    private readonly string[] _variables;
    private readonly RouteConverter[] _converters;

    /// <summary>A group for <paramref name="pattern"/>; null is the group of rules without a domain.</summary>
    public DomainRules(string? pattern, RulePart? part = null, string[]? variables = null, RouteConverter[]? converters = null)
    {
        Pattern = pattern;
        _part = part;
        _variables = variables ?? [];
        _converters = converters ?? [];
    }

    public string? Pattern { get; }

    public bool IsStatic => _part is null || _part.IsStatic;

    public PartWeight? Weight => _part?.Weight;

    /// <summary>Rules without variables, by path: one lookup, no allocation.</summary>
    public Dictionary<string, List<Rule>> StaticRules { get; } = new(StringComparer.Ordinal);

    public RuleMatcher Matcher { get; } = new();

    /// <summary>
    /// Whether <paramref name="domain"/> fits this group's pattern; <paramref name="arguments"/> are its converted
    /// variables. A converter that rejects a value is no match, as for path variables.
    /// </summary>
    public bool TryMatch(string domain, out IReadOnlyDictionary<string, object?> arguments)
    {
        arguments = NoArguments;
        if (_part is null || _part.IsStatic)
        {
            return string.Equals(domain, _part?.Content ?? Pattern, StringComparison.Ordinal);
        }

        string[] raw;
        if (_part.IsAnySegment || _part.IsLoneVariable)
        {
            if (domain.Length == 0 || (!_part.IsAnySegment && !_part.Regex!.IsMatch(domain)))
            {
                return false;
            }

            raw = [domain];
        }
        else
        {
            var match = _part.Regex!.Match(domain);
            if (!match.Success)
            {
                return false;
            }

            raw = [.. Enumerable.Range(0, _variables.Length).Select(i => match.Groups["v" + i].Value)];
        }

        var converted = new Dictionary<string, object?>(_variables.Length, StringComparer.Ordinal);
        for (var i = 0; i < _variables.Length; i++)
        {
            try
            {
                converted[_variables[i]] = _converters[i].ToValue(raw[i]);
            }
            catch (RouteValidationException)
            {
                return false;
            }
        }

        arguments = converted;
        return true;
    }
}
