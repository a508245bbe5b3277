using System.Collections.Frozen;
using MicroFlask.Http;

namespace MicroFlask.Routing;

/// <summary>
/// The application's URL rules, like Werkzeug's <c>Map</c>: matches a path and method to a rule, and builds
/// URLs back from an endpoint and values. Add every rule before serving; matching is then safe from many threads.
/// </summary>
public sealed class Map
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = FrozenDictionary<string, object?>.Empty;
    private static readonly IReadOnlyDictionary<string, object?> NoValues = new Dictionary<string, object?>();

    private readonly List<Rule> _rules = [];
    private readonly Dictionary<string, List<Rule>> _staticRules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Rule>> _byEndpoint = new(StringComparer.Ordinal);
    private readonly RuleMatcher _matcher = new();

    /// <summary>The strict-slashes setting for rules added without their own.</summary>
    public bool StrictSlashes { get; set; } = true;

    /// <summary>The merge-slashes setting for rules added without their own: <c>/a//b</c> redirects to <c>/a/b</c>.</summary>
    public bool MergeSlashes { get; set; } = true;

    /// <summary>The converters patterns can name; add custom ones before adding rules that use them.</summary>
    public ConverterRegistry Converters { get; } = new();

    /// <summary>Every rule, in the order added.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>
    /// Adds a rule. <paramref name="methods"/> null means GET (HEAD is added wherever GET is). Throws
    /// <see cref="ArgumentException"/> for a malformed pattern, an unknown converter or a repeated variable.
    /// </summary>
    public Rule Add(string pattern, string endpoint, IEnumerable<string>? methods = null, bool? strictSlashes = null,
        bool? mergeSlashes = null, IReadOnlyDictionary<string, object?>? defaults = null, string? redirectTo = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var rule = new Rule(pattern, endpoint, methods, strictSlashes ?? StrictSlashes, Converters, mergeSlashes ?? MergeSlashes, defaults, redirectTo);
        _rules.Add(rule);
        _matcher.Add(rule);
        if (!rule.HasVariables)
        {
            ListFor(_staticRules, rule.MergeSlashes ? MergeRepeatedSlashes(pattern) : pattern).Add(rule);
        }

        // Building prefers the rule using the most values, then the most defaults, as Werkzeug does; ties keep the order added.
        var sameEndpoint = ListFor(_byEndpoint, endpoint);
        var at = sameEndpoint.FindIndex(other => BuildOrder(other).CompareTo(BuildOrder(rule)) < 0);
        sameEndpoint.Insert(at < 0 ? sameEndpoint.Count : at, rule);
        return rule;
    }

    /// <summary>
    /// Finds the rule for a decoded path (<c>""</c> means <c>/</c>) and an upper-case method. Throws
    /// <see cref="HttpException"/> 404 when nothing matches, <see cref="MethodNotAllowedException"/> when only
    /// the method is wrong, and <see cref="RequestRedirectException"/> (path only) when a trailing slash is missing.
    /// </summary>
    public RouteMatch Match(string path, string method)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(method);
        path = Normalize(path);
        var found = TryMatch(path, method, out var outcome);
        if (found is null && MergeSlashes && path.Contains("//", StringComparison.Ordinal))
        {
            // Only a failed match is retried with the slashes merged, so "/p/<path:x>" still sees "a//b" as it came.
            var merged = MergeRepeatedSlashes(path);
            var mergedMatch = TryMatch(merged, method, out var mergedOutcome);
            if (mergedMatch is { Rule.MergeSlashes: true })
            {
                throw new RequestRedirectException(UrlEncoding.QuotePath(merged));
            }

            if (mergedOutcome.SlashRequired)
            {
                throw new RequestRedirectException(UrlEncoding.QuotePath(merged + "/"));
            }
        }

        if (found is not null)
        {
            return Redirected(found.Value, method) ?? found.Value;
        }

        if (outcome.SlashRequired)
        {
            throw new RequestRedirectException(UrlEncoding.QuotePath(path + "/"));
        }

        if (outcome.Allowed is { Count: > 0 } allowed)
        {
            throw new MethodNotAllowedException(allowed);
        }

        throw new HttpException(404);
    }

    private RouteMatch? TryMatch(string path, string method, out RuleMatcher.Outcome outcome)
    {
        outcome = default;

        // Most requests hit a rule without variables: one lookup, no allocation.
        if (_staticRules.TryGetValue(path, out var candidates))
        {
            foreach (var rule in candidates)
            {
                if (rule.Methods.Contains(method))
                {
                    return new RouteMatch(rule, rule.StaticArguments);
                }
            }
        }

        outcome = _matcher.Match(path, method);
        return outcome.Rule is null ? null : new RouteMatch(outcome.Rule, outcome.Arguments!);
    }

    // Werkzeug's redirect_to, and its redirect_defaults: "/page/1" goes to the sibling rule "/page/" whose default is page 1.
    private RouteMatch? Redirected(RouteMatch match, string method)
    {
        if (match.Rule.RedirectTo is not null)
        {
            throw new RequestRedirectException(match.Rule.RedirectTarget(match.Arguments));
        }

        if (!_byEndpoint.TryGetValue(match.Rule.Endpoint, out var siblings) || siblings.Count == 1)
        {
            return null;
        }

        foreach (var sibling in siblings)
        {
            if (sibling.ProvidesDefaultsFor(match.Rule) && sibling.Methods.Contains(method) && sibling.DefaultsAgreeWith(match.Arguments) &&
                sibling.TryBuild(match.Arguments, out var url) is null)
            {
                throw new RequestRedirectException(url);
            }
        }

        return null;
    }

    private static (int Arguments, int Defaults) BuildOrder(Rule rule) => (rule.BuildArguments.Length, rule.Defaults?.Count ?? 0);

    internal static string MergeRepeatedSlashes(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, "/{2,}", "/");

    /// <summary>The methods some rule accepts for <paramref name="path"/>, e.g. for an OPTIONS reply or an Allow header.</summary>
    public IReadOnlySet<string> AllowedMethods(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var allowed = _matcher.Match(Normalize(path), method: null).Allowed;
        return allowed is null ? FrozenSet<string>.Empty : allowed;
    }

    /// <summary>The rules for <paramref name="endpoint"/>, those using the most variables first.</summary>
    public IEnumerable<Rule> RulesFor(string endpoint) =>
        _byEndpoint.TryGetValue(endpoint, out var rules) ? rules : [];

    /// <summary>
    /// Builds the path for <paramref name="endpoint"/>, e.g. <c>/user/42?page=2</c>: values the rule does not use
    /// become the query string (null skipped, lists repeat the key). Throws <see cref="BuildException"/> when no rule
    /// for the endpoint has all its variables in <paramref name="values"/> and accepts <paramref name="method"/>.
    /// </summary>
    public string Build(string endpoint, IReadOnlyDictionary<string, object?>? values = null, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        values ??= NoValues;
        method = method?.ToUpperInvariant();
        if (!_byEndpoint.TryGetValue(endpoint, out var rules))
        {
            var similar = _byEndpoint.Keys.FirstOrDefault(known => string.Equals(known, endpoint, StringComparison.OrdinalIgnoreCase));
            throw new BuildException(endpoint, values, method, similar is null
                ? "No rule has this endpoint."
                : $"No rule has this endpoint. Did you mean '{similar}' instead?");
        }

        var rejection = default(string);

        // Without a method, a GET rule wins over the others, as in Werkzeug.
        foreach (var wanted in method is null ? new[] { "GET", null } : [method])
        {
            foreach (var rule in rules)
            {
                if ((wanted is null || rule.Methods.Contains(wanted)) && !rule.MissingFrom(values).Any() && rule.DefaultsAgreeWith(values))
                {
                    rejection = rule.TryBuild(values, out var url);
                    if (rejection is null)
                    {
                        return url;
                    }
                }
            }
        }

        throw new BuildException(endpoint, values, method, rejection ?? Explain(rules, values, method));
    }

    private static string Explain(List<Rule> rules, IReadOnlyDictionary<string, object?> values, string? method)
    {
        var usable = method is null ? rules : rules.Where(rule => rule.Methods.Contains(method)).ToList();
        if (usable.Count == 0)
        {
            var methods = rules.SelectMany(rule => rule.Methods).Distinct().Order(StringComparer.Ordinal);
            return $"Its rules accept only: {string.Join(", ", methods)}.";
        }

        var closest = usable.MinBy(rule => rule.MissingFrom(values).Count())!;
        var offered = values.Where(pair => pair.Value is not null).Select(pair => pair.Key);
        return $"Did you forget to specify values [{string.Join(", ", closest.MissingFrom(values))}] for rule '{closest.Pattern}'? " +
            $"Offered values: [{string.Join(", ", offered)}].";
    }

    // Werkzeug matches "/" + the path without its leading slashes: "//a" is "/a".
    private static string Normalize(string path) =>
        path.Length == 0 ? "/" : path.Length > 1 && path[1] == '/' ? "/" + path.TrimStart('/') : path[0] == '/' ? path : "/" + path;

    private static List<Rule> ListFor(Dictionary<string, List<Rule>> index, string key)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        return list;
    }
}
