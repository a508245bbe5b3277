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
    private readonly Dictionary<string, List<Rule>> _byEndpoint = new(StringComparer.Ordinal);

    // The rules without a subdomain (or host); the domains others name, exact ones by name, patterns in weight order.
    private readonly DomainRules _default = new(null);
    private readonly Dictionary<string, DomainRules> _staticDomains = new(StringComparer.Ordinal);
    private readonly List<DomainRules> _dynamicDomains = [];
    private bool _hostMatching;

    /// <summary>The strict-slashes setting for rules added without their own.</summary>
    public bool StrictSlashes { get; set; } = true;

    /// <summary>The merge-slashes setting for rules added without their own: <c>/a//b</c> redirects to <c>/a/b</c>.</summary>
    public bool MergeSlashes { get; set; } = true;

    /// <summary>
    /// Whether rules match the request's whole host (their <see cref="Rule.Host"/>) instead of its subdomain, as
    /// Werkzeug's <c>host_matching</c>. Set it before adding rules with a subdomain or host. A rule without a host
    /// matches any host (in Werkzeug it would match none; Flask then needs <c>static_host</c> for its static route).
    /// </summary>
    public bool HostMatching
    {
        get => _hostMatching;
        set
        {
            if (value != _hostMatching && _rules.Exists(rule => rule.Subdomain is not null || rule.Host is not null))
            {
                throw new InvalidOperationException("Set HostMatching before adding rules with a subdomain or host: they are matched by one or the other.");
            }

            _hostMatching = value;
        }
    }

    /// <summary>The converters patterns can name; add custom ones before adding rules that use them.</summary>
    public ConverterRegistry Converters { get; } = new();

    /// <summary>Every rule, in the order added.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>Whether some rule names a subdomain or a host, so that matching has to look at the request's domain.</summary>
    internal bool UsesDomains => _staticDomains.Count > 0 || _dynamicDomains.Count > 0;

    /// <summary>
    /// Adds a rule. <paramref name="methods"/> null means GET (HEAD is added wherever GET is). <paramref name="subdomain"/>
    /// (e.g. <c>"api"</c> or <c>"&lt;user&gt;"</c>) or, with <see cref="HostMatching"/>, <paramref name="host"/> limit it to
    /// that domain; <paramref name="alias"/> makes it redirect to the endpoint's main URL. Throws
    /// <see cref="ArgumentException"/> for a malformed pattern, an unknown converter or a repeated variable.
    /// </summary>
    public Rule Add(string pattern, string endpoint, IEnumerable<string>? methods = null, bool? strictSlashes = null,
        bool? mergeSlashes = null, IReadOnlyDictionary<string, object?>? defaults = null, string? redirectTo = null,
        string? subdomain = null, string? host = null, bool alias = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var rule = new Rule(pattern, endpoint, methods, strictSlashes ?? StrictSlashes, Converters, mergeSlashes ?? MergeSlashes, defaults, redirectTo,
            subdomain, host, HostMatching, alias);
        var rules = RulesOf(rule);
        _rules.Add(rule);
        rules.Matcher.Add(rule);
        if (!rule.HasVariables)
        {
            ListFor(rules.StaticRules, rule.MergeSlashes ? MergeRepeatedSlashes(pattern) : pattern).Add(rule);
        }

        // Building prefers a rule that is no alias, then the one using the most values, then the most defaults, as
        // Werkzeug does; ties keep the order added.
        var sameEndpoint = ListFor(_byEndpoint, endpoint);
        var at = sameEndpoint.FindIndex(other => BuildOrder(other).CompareTo(BuildOrder(rule)) < 0);
        sameEndpoint.Insert(at < 0 ? sameEndpoint.Count : at, rule);
        return rule;
    }

    /// <summary>
    /// Finds the rule for a decoded path (<c>""</c> means <c>/</c>) and an upper-case method, among the rules without a
    /// subdomain (or host). Throws <see cref="HttpException"/> 404 when nothing matches, <see cref="MethodNotAllowedException"/>
    /// when only the method is wrong, and <see cref="RequestRedirectException"/> (path only) when a trailing slash is missing.
    /// </summary>
    public RouteMatch Match(string path, string method)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(method);
        HashSet<string>? allowed = null;
        return MatchIn(_default, Normalize(path), method, null, ref allowed) ?? throw NoMatch(allowed);
    }

    /// <summary>
    /// Finds the rule as <see cref="Match(string, string)"/> does, for a request to <paramref name="domain"/>: its
    /// subdomain (<c>""</c> for none; the subdomain's variables join the match's arguments), or with
    /// <see cref="HostMatching"/> its host, lower case. Exact domains are tried first, then patterns, as in Werkzeug.
    /// </summary>
    public RouteMatch Match(string path, string method, string domain)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(domain);
        path = Normalize(path);
        HashSet<string>? allowed = null;
        RouteMatch? found = null;
        if (!HostMatching && domain.Length == 0)
        {
            found = MatchIn(_default, path, method, null, ref allowed);
        }
        else if (_staticDomains.TryGetValue(domain, out var exact))
        {
            found = MatchIn(exact, path, method, null, ref allowed);
        }

        for (var i = 0; found is null && i < _dynamicDomains.Count; i++)
        {
            if (_dynamicDomains[i].TryMatch(domain, out var domainArguments))
            {
                found = MatchIn(_dynamicDomains[i], path, method, domainArguments, ref allowed);
            }
        }

        // A rule without a host is the last resort for any host.
        if (found is null && HostMatching)
        {
            found = MatchIn(_default, path, method, null, ref allowed);
        }

        return found ?? throw NoMatch(allowed);
    }

    private static HttpException NoMatch(HashSet<string>? allowed) =>
        allowed is { Count: > 0 } ? new MethodNotAllowedException(allowed) : new HttpException(404);

    /// <summary>
    /// Matches among one domain's rules: the match, or null having added the methods the path allows to
    /// <paramref name="allowed"/>; a missing slash, repeated slashes, an alias or a rule's redirect throw the redirect.
    /// </summary>
    private RouteMatch? MatchIn(DomainRules rules, string path, string method, IReadOnlyDictionary<string, object?>? domainArguments,
        ref HashSet<string>? allowed)
    {
        var found = TryMatch(rules, path, method, out var outcome);
        if (found is null && MergeSlashes && path.Contains("//", StringComparison.Ordinal))
        {
            // Only a failed match is retried with the slashes merged, so "/p/<path:x>" still sees "a//b" as it came.
            var merged = MergeRepeatedSlashes(path);
            var mergedMatch = TryMatch(rules, merged, method, out var mergedOutcome);
            if (mergedMatch is { Rule.MergeSlashes: true })
            {
                throw new RequestRedirectException(UrlEncoding.QuotePath(merged));
            }

            if (mergedOutcome.SlashRequired)
            {
                throw new RequestRedirectException(UrlEncoding.QuotePath(merged + "/"));
            }
        }

        if (found is { } match)
        {
            if (domainArguments is { Count: > 0 })
            {
                var arguments = new Dictionary<string, object?>(match.Arguments, StringComparer.Ordinal);
                foreach (var (name, value) in domainArguments)
                {
                    arguments[name] = value;
                }

                // Werkzeug applies the rule's defaults last, so a default wins over the domain's value of the same name.
                foreach (var (name, value) in match.Rule.Defaults ?? NoArguments)
                {
                    arguments[name] = value;
                }

                match = match with { Arguments = arguments };
            }

            return Redirected(match, method) ?? match;
        }

        if (outcome.SlashRequired)
        {
            throw new RequestRedirectException(UrlEncoding.QuotePath(path + "/"));
        }

        if (outcome.Allowed is { Count: > 0 } methods)
        {
            if (allowed is null)
            {
                allowed = methods;
            }
            else
            {
                allowed.UnionWith(methods);
            }
        }

        return null;
    }

    private static RouteMatch? TryMatch(DomainRules rules, string path, string method, out RuleMatcher.Outcome outcome)
    {
        outcome = default;

        // Most requests hit a rule without variables: one lookup, no allocation.
        if (rules.StaticRules.TryGetValue(path, out var candidates))
        {
            foreach (var rule in candidates)
            {
                if (rule.Methods.Contains(method))
                {
                    return new RouteMatch(rule, rule.StaticArguments);
                }
            }
        }

        outcome = rules.Matcher.Match(path, method);
        return outcome.Rule is null ? null : new RouteMatch(outcome.Rule, outcome.Arguments!);
    }

    // Werkzeug's redirect_to, alias and redirect_defaults: "/page/1" goes to the sibling rule "/page/" whose default is page 1.
    private RouteMatch? Redirected(RouteMatch match, string method)
    {
        if (match.Rule.RedirectTo is not null)
        {
            throw new RequestRedirectException(match.Rule.RedirectTarget(match.Arguments));
        }

        if (match.Rule.Alias)
        {
            throw AliasRedirect(match, method);
        }

        if (!_byEndpoint.TryGetValue(match.Rule.Endpoint, out var siblings) || siblings.Count == 1)
        {
            return null;
        }

        foreach (var sibling in siblings)
        {
            if (sibling.ProvidesDefaultsFor(match.Rule) && sibling.Methods.Contains(method) && sibling.DefaultsAgreeWith(match.Arguments) &&
                sibling.TryBuild(match.Arguments, out var url) is null && sibling.BuildDomain(match.Arguments, out _) is var domain)
            {
                throw new RequestRedirectException(url) { Domain = domain };
            }
        }

        return null;
    }

    // Werkzeug's make_alias_redirect_url: the endpoint's URL for the values the alias matched, built by a rule that is no alias.
    private RequestRedirectException AliasRedirect(RouteMatch match, string method)
    {
        var target = TryBuildParts(match.Rule.Endpoint, match.Arguments, method, skipAliases: true, out _)
            ?? throw new InvalidOperationException(
                $"The alias rule '{match.Rule.Pattern}' has no canonical URL: add a rule for endpoint '{match.Rule.Endpoint}' without alias: true.");
        return new RequestRedirectException(target.Path) { Domain = target.Domain };
    }

    private static (bool Canonical, int Arguments, int Defaults) BuildOrder(Rule rule) =>
        (!rule.Alias, rule.BuildArguments.Length, rule.Defaults?.Count ?? 0);

    internal static string MergeRepeatedSlashes(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, "/{2,}", "/");

    /// <summary>The methods some rule accepts for <paramref name="path"/>, e.g. for an OPTIONS reply or an Allow header.</summary>
    public IReadOnlySet<string> AllowedMethods(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var allowed = _default.Matcher.Match(Normalize(path), method: null).Allowed;
        return allowed is null ? FrozenSet<string>.Empty : allowed;
    }

    /// <summary>The methods the rules for <paramref name="domain"/> (as in <see cref="Match(string, string, string)"/>) accept for <paramref name="path"/>.</summary>
    internal IReadOnlySet<string> AllowedMethods(string path, string domain)
    {
        path = Normalize(path);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rules in DomainsOf(domain))
        {
            allowed.UnionWith(rules.Matcher.Match(path, method: null).Allowed ?? []);
        }

        return allowed;
    }

    // The groups a request to domain tries, in Match's order (its domain variables aside).
    private IEnumerable<DomainRules> DomainsOf(string domain)
    {
        if (!HostMatching && domain.Length == 0)
        {
            yield return _default;
        }
        else if (_staticDomains.TryGetValue(domain, out var exact))
        {
            yield return exact;
        }

        foreach (var rules in _dynamicDomains)
        {
            if (rules.TryMatch(domain, out _))
            {
                yield return rules;
            }
        }

        if (HostMatching)
        {
            yield return _default;
        }
    }

    // The group a new rule joins: its domain's, made on first use.
    private DomainRules RulesOf(Rule rule)
    {
        if (rule.DomainPattern is not { } pattern)
        {
            return _default;
        }

        if (rule.DomainPart!.IsStatic)
        {
            if (!_staticDomains.TryGetValue(pattern, out var exact))
            {
                exact = new DomainRules(pattern);
                _staticDomains[pattern] = exact;
            }

            return exact;
        }

        var existing = _dynamicDomains.Find(rules => rules.Pattern == pattern);
        if (existing is not null)
        {
            return existing;
        }

        var created = new DomainRules(pattern, rule.DomainPart, rule.DomainVariables, rule.DomainConverters);
        var at = _dynamicDomains.FindIndex(rules => rules.Weight!.CompareTo(rule.DomainPart.Weight) > 0);
        _dynamicDomains.Insert(at < 0 ? _dynamicDomains.Count : at, created);
        return created;
    }

    /// <summary>The rules for <paramref name="endpoint"/>, those using the most variables first.</summary>
    public IEnumerable<Rule> RulesFor(string endpoint) =>
        _byEndpoint.TryGetValue(endpoint, out var rules) ? rules : [];

    /// <summary>
    /// Builds the path for <paramref name="endpoint"/>, e.g. <c>/user/42?page=2</c>: values the rule does not use
    /// become the query string (null skipped, lists repeat the key). Throws <see cref="BuildException"/> when no rule
    /// for the endpoint has all its variables in <paramref name="values"/> and accepts <paramref name="method"/>.
    /// </summary>
    public string Build(string endpoint, IReadOnlyDictionary<string, object?>? values = null, string? method = null) =>
        BuildParts(endpoint, values, method).Path;

    /// <summary>
    /// Builds as <see cref="Build"/> does, with the domain part of the rule used (Werkzeug's <c>domain_part</c>): its
    /// subdomain (<c>""</c> for none), or its host with host matching; null when the rule has no host to say.
    /// </summary>
    internal (string? Domain, string Path) BuildParts(string endpoint, IReadOnlyDictionary<string, object?>? values = null, string? method = null)
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

        return TryBuildParts(endpoint, values, method, skipAliases: false, out var rejection)
            ?? throw new BuildException(endpoint, values, method, rejection ?? Explain(rules, values, method));
    }

    private (string? Domain, string Path)? TryBuildParts(string endpoint, IReadOnlyDictionary<string, object?> values, string? method, bool skipAliases,
        out string? rejection)
    {
        rejection = null;
        if (!_byEndpoint.TryGetValue(endpoint, out var rules))
        {
            return null;
        }

        // Without a method, a GET rule wins over the others, as in Werkzeug.
        foreach (var wanted in method is null ? new[] { "GET", null } : [method])
        {
            foreach (var rule in rules)
            {
                if ((skipAliases && rule.Alias) || (wanted is not null && !rule.Methods.Contains(wanted)) || rule.MissingFrom(values).Any() ||
                    !rule.DefaultsAgreeWith(values))
                {
                    continue;
                }

                var complaint = rule.TryBuild(values, out var url);
                var domain = complaint is null ? rule.BuildDomain(values, out complaint) : null;
                if (complaint is null)
                {
                    return (domain, url);
                }

                rejection = complaint;
            }
        }

        return null;
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
