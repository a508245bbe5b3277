using System.Collections.Concurrent;
using System.Reflection;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Routing;
using MicroFlask.Views;

namespace MicroFlask;

public partial class App
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ValueProperties = new();

    private readonly Dictionary<string, Delegate> _viewFunctions = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a route (Flask's <c>@app.route</c>): <c>app.Route("/user/&lt;int:id&gt;", (int id) =&gt; $"User {id}")</c>.
    /// The view's parameters bind by name to the URL variables, or by type to Request, ISession, G, App,
    /// CancellationToken and the app's services (<see cref="ConfigureServices"/>); it may be sync or async. <paramref name="endpoint"/> defaults to the method's name
    /// (first letter lower case), or for a lambda to the rule's static segments joined by '_' ("index" for "/",
    /// "user_edit" for "/user/&lt;name&gt;/edit"), made unique with the method or a number when taken.
    /// <paramref name="defaults"/> (<c>new { page = 1 }</c>) are passed to the view as Werkzeug's rule defaults.
    /// <paramref name="subdomain"/> (<c>"api"</c>, <c>"&lt;user&gt;"</c>) needs <see cref="SubdomainMatching"/> and SERVER_NAME;
    /// <paramref name="host"/> needs <c>UrlMap.HostMatching</c>; an <paramref name="alias"/> redirects to the endpoint's main URL.
    /// </summary>
    public Rule Route(string rule, Delegate view, string[]? methods = null, string? endpoint = null, bool? strictSlashes = null,
        object? defaults = null, bool? mergeSlashes = null, string? subdomain = null, string? host = null, bool alias = false) =>
        AddRule("route", rule, endpoint, view, methods, strictSlashes, defaults, mergeSlashes, redirectTo: null, subdomain, host, alias);

    /// <summary>A GET route (Flask's <c>@app.get</c>).</summary>
    public Rule Get(string rule, Delegate view, string? endpoint = null) => AddRule("get", rule, endpoint, view, ["GET"]);

    /// <summary>A POST route (Flask's <c>@app.post</c>).</summary>
    public Rule Post(string rule, Delegate view, string? endpoint = null) => AddRule("post", rule, endpoint, view, ["POST"]);

    /// <summary>A PUT route.</summary>
    public Rule Put(string rule, Delegate view, string? endpoint = null) => AddRule("put", rule, endpoint, view, ["PUT"]);

    /// <summary>A DELETE route.</summary>
    public Rule Delete(string rule, Delegate view, string? endpoint = null) => AddRule("delete", rule, endpoint, view, ["DELETE"]);

    /// <summary>A PATCH route.</summary>
    public Rule Patch(string rule, Delegate view, string? endpoint = null) => AddRule("patch", rule, endpoint, view, ["PATCH"]);

    /// <summary>
    /// Registers <paramref name="view"/> for <paramref name="rule"/> (Flask's <c>add_url_rule</c>). OPTIONS is
    /// answered automatically unless the view lists it or PROVIDE_AUTOMATIC_OPTIONS is off; HEAD follows GET.
    /// Without a view, the rule serves <paramref name="endpoint"/>'s view (Flask's tutorial adds <c>"/"</c> as
    /// <c>index</c> this way), or redirects to <paramref name="redirectTo"/> (<c>"/new/&lt;id&gt;"</c>) with a 308.
    /// A second, different view under an endpoint that has one is an error, as in Flask. <paramref name="subdomain"/>,
    /// <paramref name="host"/> and <paramref name="alias"/> are as in <see cref="Route"/>.
    /// </summary>
    public Rule AddUrlRule(string rule, string? endpoint, Delegate? view = null, IEnumerable<string>? methods = null, bool? strictSlashes = null,
        object? defaults = null, bool? mergeSlashes = null, string? redirectTo = null, string? subdomain = null, string? host = null, bool alias = false) =>
        AddRule("add_url_rule", rule, endpoint, view, methods, strictSlashes, defaults, mergeSlashes, redirectTo, subdomain, host, alias);

    private Rule AddRule(string setupMethod, string rule, string? endpoint, Delegate? view, IEnumerable<string>? methods,
        bool? strictSlashes = null, object? defaults = null, bool? mergeSlashes = null, string? redirectTo = null,
        string? subdomain = null, string? host = null, bool alias = false)
    {
        ArgumentNullException.ThrowIfNull(rule);
        EnsureSetupAllowed(setupMethod);
        if (view is null && endpoint is null && redirectTo is null)
            throw new ArgumentException("A rule without a view needs an endpoint whose view it serves, or a redirectTo target.", nameof(view));
        var methodSet = (methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var automaticOptions = !methodSet.Contains("OPTIONS") && Config.GetBool("PROVIDE_AUTOMATIC_OPTIONS", true);
        if (automaticOptions) methodSet.Add("OPTIONS");

        endpoint ??= DefaultEndpoint(view!, rule, methodSet, prefix: "");
        if (view is not null && _viewFunctions.TryGetValue(endpoint, out var existing) && !existing.Equals(view))
            throw new InvalidOperationException(
                $"View function mapping is overwriting an existing endpoint function: {endpoint}. Give the second view its own endpoint.");
        var added = UrlMap.Add(rule, endpoint, methodSet, strictSlashes, mergeSlashes, ToDictionary(defaults), redirectTo, subdomain, host, alias);
        added.ProvideAutomaticOptions = automaticOptions;
        if (view is not null)
        {
            _viewFunctions[endpoint] = view;
            added.Handler = ViewFunction.Create(view, added, endpoint);
            CheckViewIfStarted(added.Handler);
        }
        return added;
    }

    /// <summary>
    /// The view of a rule added without one: its endpoint's view, bound to this rule's variables (Flask dispatches by
    /// endpoint, so such a rule calls whatever view the endpoint has).
    /// </summary>
    private ViewFunction HandlerOf(Rule rule)
    {
        if (rule.Handler is { } handler) return handler;
        if (!_viewFunctions.TryGetValue(rule.Endpoint, out var view))
            throw new InvalidOperationException(
                $"The rule '{rule.Pattern}' has no view, and no view is registered for its endpoint '{rule.Endpoint}': add one with that endpoint.");
        return rule.Handler = ViewFunction.Create(view, rule, rule.Endpoint);
    }

    /// <summary>
    /// The endpoint of a view registered without one: the method's name, or for a lambda (which has none) the
    /// rule's static segments; a lambda's name that is taken gets the method, then a number, so each stays reachable.
    /// </summary>
    private string DefaultEndpoint(Delegate view, string rule, IReadOnlySet<string> methods, string prefix)
    {
        if (ViewFunction.EndpointName(view.Method) is { } named) return prefix + named;
        var name = prefix + EndpointFromRule(rule);
        if (!_viewFunctions.ContainsKey(name)) return name;
        var declared = methods.Where(m => m is not ("HEAD" or "OPTIONS")).Order(StringComparer.Ordinal).Select(m => m.ToLowerInvariant());
        var withMethods = name + "_" + string.Join("_", declared);
        if (!_viewFunctions.ContainsKey(withMethods)) return withMethods;
        for (var n = 2; ; n++)
        {
            if (!_viewFunctions.ContainsKey(withMethods + "_" + n)) return withMethods + "_" + n;
        }
    }

    /// <summary>Flask's <c>_check_setup_finished</c>: rules added once requests are served would apply to some and not others.</summary>
    private void EnsureSetupAllowed(string setupMethod)
    {
        if (_gotFirstRequest)
            throw new InvalidOperationException(
                $"The setup method '{setupMethod}' can no longer be called on the application. It has already handled its first request, " +
                "any changes will not be applied consistently. Make sure all routes, blueprints and hooks needed to set up the application " +
                "are added before running it.");
    }

    /// <summary>
    /// The URL of <paramref name="endpoint"/> (Flask's <c>url_for</c>), e.g. <c>UrlFor("user", new { id = 42 })</c>;
    /// <c>".view"</c> names a view of the current request's blueprint; the <see cref="UrlDefaults"/> functions may add values.
    /// Values that are not URL variables become the query string. Inside a request the URL is relative to the
    /// app's root; <paramref name="external"/> gives scheme and host too (SERVER_NAME outside a request), with
    /// <paramref name="scheme"/> instead of the request's (or PREFERRED_URL_SCHEME); a scheme implies external, as in
    /// Flask 3.1. A rule on another subdomain or host than the current one always gives an absolute URL, as Werkzeug
    /// builds it. <paramref name="method"/> picks the rule of the endpoint that accepts it; <paramref name="anchor"/> is
    /// appended after '#'.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scheme"/> with <paramref name="external"/> false, as Flask refuses it.</exception>
    public string UrlFor(string endpoint, object? values = null, bool? external = null, string? anchor = null, string? scheme = null, string? method = null)
    {
        // Flask refuses a scheme on a relative URL rather than drop it: it would quietly link https pages over http.
        if (scheme is not null && external == false)
            throw new ArgumentException("When specifying a scheme, external must be true (or left out): UrlFor(endpoint, scheme: \"https\").", nameof(scheme));
        var absolute = external ?? scheme is not null;
        endpoint = ResolveRelativeEndpoint(endpoint);
        var (domain, path) = UrlMap.BuildParts(endpoint, InjectUrlDefaults(endpoint, ToDictionary(values)), method);
        var ctx = RequestContext.Top;
        string url;
        if (ctx is not null && ReferenceEquals(ctx.App, this))
        {
            var request = ctx.Request;
            var otherHost = UrlMap.UsesDomains ? OtherHost(domain, request) : null;
            url = request.ScriptRoot + path;
            if (absolute || otherHost is not null) url = (scheme ?? request.Environ.UrlScheme) + "://" + (otherHost ?? request.Host) + url;
        }
        else
        {
            var root = (Config.GetString("APPLICATION_ROOT") ?? "/").TrimEnd('/');
            var otherHost = UrlMap.UsesDomains ? OtherHost(domain, request: null) : null;
            url = root + path;
            if (absolute || otherHost is not null)
            {
                var server = otherHost ?? Config.GetString("SERVER_NAME")
                    ?? throw new InvalidOperationException("UrlFor with external: true outside of a request needs SERVER_NAME in the config.");
                url = (scheme ?? Config.GetString("PREFERRED_URL_SCHEME") ?? "http") + "://" + server + url;
            }
        }
        return anchor is null ? url : url + "#" + Uri.EscapeDataString(anchor);
    }

    private static IReadOnlyDictionary<string, object?>? ToDictionary(object? values)
    {
        switch (values)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> dictionary:
                return dictionary;
            case IDictionary<string, object?> mutable:
                return mutable.AsReadOnly();
        }
        var properties = ValueProperties.GetOrAdd(values.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        var result = new Dictionary<string, object?>(properties.Length, StringComparer.Ordinal);
        foreach (var property in properties) result[property.Name] = property.GetValue(values);
        return result;
    }

    private static string EndpointFromRule(string rule)
    {
        var segments = rule.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => !segment.Contains('<')).ToArray();
        if (segments.Length > 0) return string.Join("_", segments);
        return rule.Trim('/').Length == 0 ? "index" : rule;
    }
}
