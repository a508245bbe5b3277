using System.Collections.Frozen;
using System.Text;
using MicroFlask.Http;
using MicroFlask.Views;

namespace MicroFlask.Routing;

/// <summary>
/// One URL pattern bound to an endpoint, created by <see cref="Map.Add"/>. Like Werkzeug's <c>Rule</c>:
/// a pattern ending in '/' is a branch (<c>/dir</c> redirects to it), others are leaves.
/// </summary>
public sealed class Rule
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = FrozenDictionary<string, object?>.Empty;

    private readonly FrozenSet<string> _declaredMethods;
    private readonly string[] _variables;
    private bool _provideAutomaticOptions;

    internal Rule(string pattern, string endpoint, IEnumerable<string>? methods, bool strictSlashes, ConverterRegistry converters)
    {
        var parsed = RuleParser.Parse(pattern, converters);
        Pattern = pattern;
        Endpoint = endpoint;
        StrictSlashes = strictSlashes;
        Parts = parsed.Parts;
        Converters = parsed.Converters;
        Steps = parsed.Steps;
        _variables = parsed.Variables;
        _declaredMethods = NormalizeMethods(methods);
        Methods = _declaredMethods;
    }

    /// <summary>The pattern as written, e.g. <c>/user/&lt;int:id&gt;</c>.</summary>
    public string Pattern { get; }

    /// <summary>The name used to build URLs for this rule and to find its view.</summary>
    public string Endpoint { get; }

    /// <summary>Upper-case methods this rule accepts; GET brings HEAD, and <see cref="ProvideAutomaticOptions"/> brings OPTIONS.</summary>
    public IReadOnlySet<string> Methods { get; private set; }

    /// <summary>Whether a trailing slash must match exactly: true redirects <c>/dir</c> to a <c>/dir/</c> rule and 404s <c>/leaf/</c>.</summary>
    public bool StrictSlashes { get; }

    /// <summary>The variable names, in pattern order.</summary>
    public IReadOnlyList<string> Arguments => _variables;

    /// <summary>
    /// Whether the view reads the body itself, through <c>Request.Stream</c>, instead of the app loading it into
    /// <c>Form</c>, <c>Files</c> and <c>Data</c> first: <c>app.Put("/raw", Save).StreamsBody = true;</c>
    /// </summary>
    public bool StreamsBody { get; set; }

    /// <summary>The view the app calls for this rule, set when the app adds it; routing never reads it.</summary>
    internal ViewFunction? Handler { get; set; }

    /// <summary>
    /// Set by the application when it answers OPTIONS itself, as Flask's <c>provide_automatic_options</c>;
    /// true adds OPTIONS to <see cref="Methods"/> so that matching accepts it.
    /// </summary>
    public bool ProvideAutomaticOptions
    {
        get => _provideAutomaticOptions;
        set
        {
            _provideAutomaticOptions = value;
            Methods = value && !_declaredMethods.Contains("OPTIONS")
                ? _declaredMethods.Append("OPTIONS").ToFrozenSet(StringComparer.Ordinal)
                : _declaredMethods;
        }
    }

    internal RulePart[] Parts { get; }

    internal RouteConverter[] Converters { get; }

    internal BuildStep[] Steps { get; }

    internal bool HasVariables => _variables.Length > 0;

    /// <inheritdoc />
    public override string ToString() => $"{Pattern} ({string.Join(", ", Methods.Order(StringComparer.Ordinal))}) -> {Endpoint}";

    /// <summary>Converts the raw matched texts; false when a converter rejects one, so the next rule is tried.</summary>
    internal bool TryConvert(List<string> raw, out IReadOnlyDictionary<string, object?> arguments)
    {
        if (_variables.Length == 0)
        {
            arguments = NoArguments;
            return true;
        }

        var converted = new Dictionary<string, object?>(_variables.Length, StringComparer.Ordinal);
        for (var i = 0; i < _variables.Length; i++)
        {
            try
            {
                converted[_variables[i]] = Converters[i].ToValue(raw[i]);
            }
            catch (RouteValidationException)
            {
                arguments = NoArguments;
                return false;
            }
        }

        arguments = converted;
        return true;
    }

    /// <summary>The variables of this rule that <paramref name="values"/> does not give (null counts as not given).</summary>
    internal IEnumerable<string> MissingFrom(IReadOnlyDictionary<string, object?> values) =>
        _variables.Where(name => !values.TryGetValue(name, out var value) || value is null);

    /// <summary>Builds path and query; returns the converter's complaint instead when one rejects a value.</summary>
    internal string? TryBuild(IReadOnlyDictionary<string, object?> values, out string url)
    {
        var path = new StringBuilder(Pattern.Length + 16);
        foreach (var step in Steps)
        {
            if (step.EncodedText is not null)
            {
                path.Append(step.EncodedText);
                continue;
            }

            var name = _variables[step.VariableIndex];
            try
            {
                path.Append(Converters[step.VariableIndex].ToUrl(values[name]!));
            }
            catch (RouteValidationException e)
            {
                url = string.Empty;
                return $"The rule '{Pattern}' rejected {name}={UrlEncoding.Format(values[name]!)}: {e.Message.TrimEnd('.')}.";
            }
        }

        var query = new StringBuilder();
        foreach (var (key, value) in values)
        {
            if (value is not null && Array.IndexOf(_variables, key) < 0)
            {
                UrlEncoding.AppendQueryPair(query, key, value);
            }
        }

        url = path.Append(query).ToString();
        return null;
    }

    private static FrozenSet<string> NormalizeMethods(IEnumerable<string>? methods)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in methods ?? ["GET"])
        {
            if (string.IsNullOrWhiteSpace(method))
            {
                throw new ArgumentException("Method names cannot be empty: pass names such as \"GET\" or \"POST\".", nameof(methods));
            }

            set.Add(method.Trim().ToUpperInvariant());
        }

        if (set.Count == 0)
        {
            throw new ArgumentException("A rule needs at least one method: pass null for GET.", nameof(methods));
        }

        // Werkzeug answers HEAD wherever GET is allowed; the server drops the body.
        if (set.Contains("GET"))
        {
            set.Add("HEAD");
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
