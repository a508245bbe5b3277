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

    /// <summary>
    /// Adds a route (Flask's <c>@app.route</c>): <c>app.Route("/user/&lt;int:id&gt;", (int id) =&gt; $"User {id}")</c>.
    /// The view's parameters bind by name to the URL variables, or by type to Request, ISession, G, App,
    /// CancellationToken and the app's services (<see cref="ConfigureServices"/>); it may be sync or async. <paramref name="endpoint"/> defaults to the method's name
    /// (first letter lower case), or for a lambda to the rule's first static segment ("index" for "/").
    /// </summary>
    public Rule Route(string rule, Delegate view, string[]? methods = null, string? endpoint = null, bool? strictSlashes = null) =>
        AddUrlRule(rule, endpoint, view, methods, strictSlashes);

    /// <summary>A GET route (Flask's <c>@app.get</c>).</summary>
    public Rule Get(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["GET"]);

    /// <summary>A POST route (Flask's <c>@app.post</c>).</summary>
    public Rule Post(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["POST"]);

    /// <summary>A PUT route.</summary>
    public Rule Put(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["PUT"]);

    /// <summary>A DELETE route.</summary>
    public Rule Delete(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["DELETE"]);

    /// <summary>A PATCH route.</summary>
    public Rule Patch(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["PATCH"]);

    /// <summary>
    /// Registers <paramref name="view"/> for <paramref name="rule"/> (Flask's <c>add_url_rule</c>). OPTIONS is
    /// answered automatically unless the view lists it or PROVIDE_AUTOMATIC_OPTIONS is off; HEAD follows GET.
    /// </summary>
    public Rule AddUrlRule(string rule, string? endpoint, Delegate view, IEnumerable<string>? methods = null, bool? strictSlashes = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var methodSet = (methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var automaticOptions = !methodSet.Contains("OPTIONS") && Config.GetBool("PROVIDE_AUTOMATIC_OPTIONS", true);
        if (automaticOptions) methodSet.Add("OPTIONS");

        endpoint ??= ViewFunction.EndpointName(view.Method) ?? EndpointFromRule(rule);
        var added = UrlMap.Add(rule, endpoint, methodSet, strictSlashes);
        added.ProvideAutomaticOptions = automaticOptions;
        added.Handler = ViewFunction.Create(view, added, endpoint);
        CheckViewIfStarted(added.Handler);
        return added;
    }

    /// <summary>
    /// The URL of <paramref name="endpoint"/> (Flask's <c>url_for</c>), e.g. <c>UrlFor("user", new { id = 42 })</c>;
    /// <c>".view"</c> names a view of the current request's blueprint.
    /// Values that are not URL variables become the query string. Inside a request the URL is relative to the
    /// app's root; <paramref name="external"/> gives scheme and host too (SERVER_NAME outside a request).
    /// </summary>
    public string UrlFor(string endpoint, object? values = null, bool external = false, string? anchor = null)
    {
        var path = UrlMap.Build(ResolveRelativeEndpoint(endpoint), ToDictionary(values));
        var ctx = RequestContext.Top;
        string url;
        if (ctx is not null && ReferenceEquals(ctx.App, this))
        {
            var request = ctx.Request;
            url = request.ScriptRoot + path;
            if (external) url = request.Environ.UrlScheme + "://" + request.Host + url;
        }
        else
        {
            var root = (Config.GetString("APPLICATION_ROOT") ?? "/").TrimEnd('/');
            url = root + path;
            if (external)
            {
                var server = Config.GetString("SERVER_NAME")
                    ?? throw new InvalidOperationException("UrlFor with external: true outside of a request needs SERVER_NAME in the config.");
                url = (Config.GetString("PREFERRED_URL_SCHEME") ?? "http") + "://" + server + url;
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
        foreach (var segment in rule.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!segment.StartsWith('<')) return segment;
        }
        return rule.Trim('/').Length == 0 ? "index" : rule;
    }
}
