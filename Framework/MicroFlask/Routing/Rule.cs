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
    private readonly string[] _domainVariables = [];
    private readonly bool _hostMatching;
    private bool _provideAutomaticOptions;

    internal Rule(string pattern, string endpoint, IEnumerable<string>? methods, bool strictSlashes, ConverterRegistry converters,
        bool mergeSlashes = true, IReadOnlyDictionary<string, object?>? defaults = null, string? redirectTo = null,
        string? subdomain = null, string? host = null, bool hostMatching = false, bool alias = false)
    {
        var parsed = RuleParser.Parse(mergeSlashes ? MergeSlashesOf(pattern) : pattern, converters);
        Subdomain = subdomain;
        Host = host;
        Alias = alias;
        _hostMatching = hostMatching;

        // Werkzeug matches the subdomain, or with host matching the host, as the rule's first part; the other is ignored.
        var domain = hostMatching ? host : subdomain;
        DomainPattern = string.IsNullOrEmpty(domain) ? null : domain;
        if (DomainPattern is not null)
        {
            if (DomainPattern.Contains('/'))
            {
                throw new ArgumentException($"The {(hostMatching ? "host" : "subdomain")} '{DomainPattern}' of rule '{pattern}' cannot contain '/'.", nameof(pattern));
            }

            var parsedDomain = RuleParser.Parse("/" + DomainPattern, converters);
            DomainPart = parsedDomain.Parts.Single();
            DomainConverters = parsedDomain.Converters;
            DomainSteps = parsedDomain.Steps[1..];
            _domainVariables = parsedDomain.Variables;
        }

        Pattern = pattern;
        Endpoint = endpoint;
        StrictSlashes = strictSlashes;
        MergeSlashes = mergeSlashes;
        Defaults = defaults is { Count: > 0 } ? defaults.ToFrozenDictionary(StringComparer.Ordinal) : null;
        RedirectTo = redirectTo;
        Parts = parsed.Parts;
        Converters = parsed.Converters;
        Steps = parsed.Steps;
        _variables = parsed.Variables;
        _declaredMethods = NormalizeMethods(methods);
        Methods = _declaredMethods;
        AllVariables = [.. _variables, .. _domainVariables];
        var defaultNames = Defaults?.Keys.Where(key => Array.IndexOf(AllVariables, key) < 0) ?? [];
        BuildArguments = [.. AllVariables, .. defaultNames];
    }

    /// <summary>
    /// The subdomain this rule matches, e.g. <c>api</c> or <c>&lt;user&gt;</c> (Werkzeug's <c>subdomain</c>); null is the
    /// default one (no subdomain). Matched only when the app has SubdomainMatching on and a SERVER_NAME to be relative to.
    /// </summary>
    public string? Subdomain { get; }

    /// <summary>
    /// The host this rule matches when the map has <see cref="Map.HostMatching"/>, e.g. <c>&lt;lang&gt;.example.com</c>
    /// (Werkzeug's <c>host</c>); null matches any host.
    /// </summary>
    public string? Host { get; }

    /// <summary>
    /// Whether this rule is another URL of its endpoint (Werkzeug's <c>alias</c>): a match redirects (308) to the URL the
    /// endpoint builds for the same values, and building prefers the endpoint's other rules.
    /// </summary>
    public bool Alias { get; }

    /// <summary>The pattern the request's domain is matched against: the subdomain, or the host with host matching; null for none.</summary>
    internal string? DomainPattern { get; }

    internal RulePart? DomainPart { get; }

    internal RouteConverter[] DomainConverters { get; } = [];

    internal BuildStep[] DomainSteps { get; } = [];

    internal string[] DomainVariables => _domainVariables;

    /// <summary>The variables of the path, then those of the domain: what the view can bind.</summary>
    internal string[] AllVariables { get; }

    /// <summary>The converter of <see cref="Arguments"/>[<paramref name="index"/>].</summary>
    internal RouteConverter ConverterAt(int index) =>
        index < _variables.Length ? Converters[index] : DomainConverters[index - _variables.Length];

    /// <summary>Whether <c>/a//b</c> redirects to this rule's <c>/a/b</c>, and repeated slashes in the pattern count as one.</summary>
    public bool MergeSlashes { get; }

    /// <summary>
    /// Values the view receives on top of the URL's (Werkzeug's <c>defaults</c>); building this rule only uses them, so
    /// <c>/page/</c> with <c>page = 1</c> is built for page 1, and <c>/page/1</c> of a sibling rule redirects here.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Defaults { get; }

    /// <summary>Where a match redirects (308) instead of calling a view, e.g. <c>/new/&lt;id&gt;</c>; null for a normal rule.</summary>
    public string? RedirectTo { get; }

    /// <summary>The variables and the default names, as Werkzeug's <c>arguments</c>: what building can consume.</summary>
    internal string[] BuildArguments { get; }

    /// <summary>The pattern as written, e.g. <c>/user/&lt;int:id&gt;</c>.</summary>
    public string Pattern { get; }

    /// <summary>The name used to build URLs for this rule and to find its view.</summary>
    public string Endpoint { get; }

    /// <summary>Upper-case methods this rule accepts; GET brings HEAD, and <see cref="ProvideAutomaticOptions"/> brings OPTIONS.</summary>
    public IReadOnlySet<string> Methods { get; private set; }

    /// <summary>Whether a trailing slash must match exactly: true redirects <c>/dir</c> to a <c>/dir/</c> rule and 404s <c>/leaf/</c>.</summary>
    public bool StrictSlashes { get; }

    /// <summary>The variable names, in pattern order: the path's, then the subdomain's or host's.</summary>
    public IReadOnlyList<string> Arguments => AllVariables;

    /// <summary>
    /// Whether the view reads the body itself, through <c>Request.Stream</c>, instead of the app loading it into
    /// <c>Form</c>, <c>Files</c> and <c>Data</c> first: <c>app.Put("/raw", Save).StreamsBody = true;</c>
    /// </summary>
    public bool StreamsBody { get; set; }

    /// <summary>The view the app calls for this rule, set when the app adds it; routing never reads it.</summary>
    internal ViewFunction? Handler { get; set; }

    /// <summary>
    /// Set once a request to this rule touched a lazily loaded session, so that later ones load it asynchronously at the
    /// start of dispatch (<see cref="Sessions.SessionPrefetch"/>). Never cleared; a stale read costs one lazy load, never correctness.
    /// </summary>
    internal bool TouchesSession { get; set; }

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
            arguments = StaticArguments;
            return true;
        }

        var converted = Defaults is null
            ? new Dictionary<string, object?>(_variables.Length, StringComparer.Ordinal)
            : new Dictionary<string, object?>(Defaults, StringComparer.Ordinal);
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

    /// <summary>The view arguments of a match without variables: the defaults, or none.</summary>
    internal IReadOnlyDictionary<string, object?> StaticArguments => Defaults ?? NoArguments;

    /// <summary>The variables of this rule that <paramref name="values"/> does not give (null counts as not given), defaults aside.</summary>
    internal IEnumerable<string> MissingFrom(IReadOnlyDictionary<string, object?> values) =>
        AllVariables.Where(name => (!values.TryGetValue(name, out var value) || value is null) && Defaults?.ContainsKey(name) != true);

    /// <summary>
    /// Werkzeug's <c>suitable_for</c> on defaults: a value given for a default must equal it, so <c>/page/</c>
    /// (page 1) is not built for page 2.
    /// </summary>
    internal bool DefaultsAgreeWith(IReadOnlyDictionary<string, object?> values)
    {
        if (Defaults is null)
        {
            return true;
        }

        foreach (var (key, fallback) in Defaults)
        {
            if (values.TryGetValue(key, out var value) && value is not null && !SameValue(value, fallback))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Werkzeug's <c>provides_defaults_for</c>: this rule is the canonical URL of <paramref name="rule"/>'s match.</summary>
    internal bool ProvidesDefaultsFor(Rule rule) =>
        Defaults is not null && !ReferenceEquals(this, rule) && Endpoint == rule.Endpoint && RedirectTo is null && !Alias &&
        BuildArguments.Order(StringComparer.Ordinal).SequenceEqual(rule.BuildArguments.Order(StringComparer.Ordinal));

    /// <summary>The <see cref="RedirectTo"/> target with this match's values written in, as Werkzeug does.</summary>
    internal string RedirectTarget(IReadOnlyDictionary<string, object?> arguments) =>
        System.Text.RegularExpressions.Regex.Replace(RedirectTo!, "<([^>]+)>", match =>
        {
            var name = match.Groups[1].Value;
            var index = Array.IndexOf(_variables, name);
            if (!arguments.TryGetValue(name, out var value) || value is null)
            {
                throw new InvalidOperationException($"The redirect target '{RedirectTo}' of rule '{Pattern}' names <{name}>, which the rule does not have.");
            }

            return index >= 0 ? Converters[index].ToUrl(value) : UrlEncoding.QuotePath(UrlEncoding.Format(value));
        });

    // Python compares 1 and 1.0 equal; the texts they build to are the closest .NET has.
    private static bool SameValue(object value, object? fallback) =>
        Equals(value, fallback) || (fallback is not null && UrlEncoding.Format(value) == UrlEncoding.Format(fallback));

    // Werkzeug merges repeated slashes of the pattern's text, never inside a <variable(...)>.
    private static string MergeSlashesOf(string pattern)
    {
        if (!pattern.Contains("//", StringComparison.Ordinal))
        {
            return pattern;
        }

        var merged = new StringBuilder(pattern.Length);
        var depth = 0;
        foreach (var c in pattern)
        {
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == '/' && depth == 0 && merged.Length > 0 && merged[^1] == '/')
            {
                continue;
            }

            merged.Append(c);
        }

        return merged.ToString();
    }

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
            var given = values.TryGetValue(name, out var provided) && provided is not null ? provided : Defaults![name];
            try
            {
                path.Append(Converters[step.VariableIndex].ToUrl(given!));
            }
            catch (RouteValidationException e)
            {
                url = string.Empty;
                return $"The rule '{Pattern}' rejected {name}={UrlEncoding.Format(given!)}: {e.Message.TrimEnd('.')}.";
            }
        }

        var query = new StringBuilder();
        foreach (var (key, value) in values)
        {
            if (value is not null && Array.IndexOf(AllVariables, key) < 0 && Defaults?.ContainsKey(key) != true)
            {
                UrlEncoding.AppendQueryPair(query, key, value);
            }
        }

        url = path.Append(query).ToString();
        return null;
    }

    /// <summary>
    /// The domain part this rule builds (Werkzeug's <c>domain_part</c>): its subdomain (<c>""</c> for the default one), or
    /// with host matching its host; null when it has none, so the current host stays. Gives the converter's
    /// complaint in <paramref name="rejection"/> instead.
    /// </summary>
    internal string? BuildDomain(IReadOnlyDictionary<string, object?> values, out string? rejection)
    {
        rejection = null;
        if (DomainPattern is null)
        {
            return _hostMatching ? null : string.Empty;
        }

        var domain = new StringBuilder(DomainPattern.Length + 16);
        foreach (var step in DomainSteps)
        {
            if (step.EncodedText is not null)
            {
                domain.Append(step.EncodedText);
                continue;
            }

            var name = _domainVariables[step.VariableIndex];
            var given = values.TryGetValue(name, out var provided) && provided is not null ? provided : Defaults![name];
            try
            {
                domain.Append(DomainConverters[step.VariableIndex].ToUrl(given!));
            }
            catch (RouteValidationException e)
            {
                rejection = $"The rule '{Pattern}' rejected {name}={UrlEncoding.Format(given!)}: {e.Message.TrimEnd('.')}.";
                return null;
            }
        }

        return domain.ToString();
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
