using MicroFlask.Http;
using MicroFlask.Views;

namespace MicroFlask.Blueprints;

/// <summary>
/// A group of routes, hooks, error handlers and templates under one name and URL prefix (Flask's <c>Blueprint</c>).
/// Build it, then <see cref="App.RegisterBlueprint"/> it: its endpoints become <c>"{Name}.{endpoint}"</c>, its hooks
/// and error handlers apply only to requests whose endpoint is one of its own, or one of a blueprint nested in it
/// (<see cref="RegisterBlueprint"/>).
/// </summary>
public sealed partial class Blueprint
{
    private readonly List<DeferredRoute> _routes = new();
    private readonly List<NestedBlueprint> _children = new();
    private bool _registered;

    /// <summary>
    /// Creates a blueprint called <paramref name="name"/> (no dots: the dot separates it from the view's endpoint).
    /// <paramref name="templateFolder"/> is searched after the app's own templates, relative to the app's RootPath.
    /// <paramref name="subdomain"/> puts every route on that subdomain (see <see cref="App.SubdomainMatching"/>).
    /// <paramref name="staticFolder"/> (relative to the app's RootPath, or absolute) is served under the blueprint's
    /// prefix at <paramref name="staticUrlPath"/> (else "/" and the folder's name), endpoint <c>"{Name}.static"</c>.
    /// </summary>
    public Blueprint(string name, string? urlPrefix = null, string? templateFolder = null, string? subdomain = null,
        string? staticFolder = null, string? staticUrlPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.')) throw new ArgumentException($"The blueprint name '{name}' may not contain a dot '.' character.", nameof(name));
        Name = name;
        UrlPrefix = urlPrefix;
        TemplateFolder = templateFolder;
        Subdomain = subdomain;
        StaticFolder = staticFolder;
        StaticUrlPath = staticFolder is null ? staticUrlPath : staticUrlPath ?? "/" + Path.GetFileName(staticFolder.TrimEnd('/', '\\'));
    }

    /// <summary>A folder of static files for this blueprint (Flask's <c>static_folder</c>); null for none.</summary>
    public string? StaticFolder { get; }

    /// <summary>The path under the blueprint's prefix its static files are served at, e.g. "/static"; null without a folder.</summary>
    public string? StaticUrlPath { get; }

    /// <summary>The subdomain its routes match, e.g. "api"; <see cref="App.RegisterBlueprint"/> can override it.</summary>
    public string? Subdomain { get; }

    /// <summary>The name, which prefixes every endpoint: "admin" gives "admin.index".</summary>
    public string Name { get; }

    /// <summary>The path every route is mounted under, e.g. "/admin"; <see cref="App.RegisterBlueprint"/> can override it.</summary>
    public string? UrlPrefix { get; }

    /// <summary>A folder of templates for this blueprint, relative to the app's RootPath (or absolute); null for none.</summary>
    public string? TemplateFolder { get; }

    internal List<ViewFunction> BeforeRequestHooks { get; } = new();

    internal List<ViewFunction> AfterRequestHooks { get; } = new();

    internal List<ViewFunction> TeardownRequestHooks { get; } = new();

    internal ErrorHandlerTable ErrorHandlers { get; } = new();

    internal List<ViewFunction> ContextProcessors { get; } = new();

    /// <summary>Every hook, error handler and context processor, for the app's start-up check of their services.</summary>
    internal IEnumerable<ViewFunction> Hooks => BeforeRequestHooks.Concat(AfterRequestHooks).Concat(TeardownRequestHooks).Concat(ErrorHandlers.All).Concat(ContextProcessors);

    internal List<Action<string?, IDictionary<string, object?>>> UrlValuePreprocessors { get; } = new();

    internal List<Action<string, IDictionary<string, object?>>> UrlDefaultFunctions { get; } = new();

    internal IReadOnlyList<DeferredRoute> Routes => _routes;

    internal IReadOnlyList<NestedBlueprint> Children => _children;

    /// <summary>
    /// Nests <paramref name="blueprint"/> in this one (Flask 2.0's <c>bp.register_blueprint</c>): when this blueprint is
    /// registered, the child's endpoints become <c>"{Name}.{child}.{endpoint}"</c>, its URL prefix is appended to this
    /// one's and its subdomain put in front of this one's ("api" in "parent" gives "api.parent"); this blueprint's hooks,
    /// error handlers and context processors apply to the child's requests too. <paramref name="urlPrefix"/> and
    /// <paramref name="subdomain"/> override the child's own; <paramref name="name"/> registers it under another name.
    /// </summary>
    public Blueprint RegisterBlueprint(Blueprint blueprint, string? urlPrefix = null, string? subdomain = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        if (ReferenceEquals(blueprint, this))
            throw new ArgumentException($"The blueprint '{Name}' cannot be registered on itself; nest another blueprint in it.", nameof(blueprint));
        CheckName(name);
        EnsureNotRegistered();
        _children.Add(new NestedBlueprint(blueprint, urlPrefix, subdomain, name));
        return this;
    }

    /// <summary>Adds a route, relative to the prefix; see <see cref="App.Route"/>. The endpoint gets the blueprint's name in front.</summary>
    public Blueprint Route(string rule, Delegate view, string[]? methods = null, string? endpoint = null, bool? strictSlashes = null) =>
        AddUrlRule(rule, endpoint, view, methods, strictSlashes);

    /// <summary>A GET route.</summary>
    public Blueprint Get(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["GET"]);

    /// <summary>A POST route.</summary>
    public Blueprint Post(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["POST"]);

    /// <summary>A PUT route.</summary>
    public Blueprint Put(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["PUT"]);

    /// <summary>A DELETE route.</summary>
    public Blueprint Delete(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["DELETE"]);

    /// <summary>A PATCH route.</summary>
    public Blueprint Patch(string rule, Delegate view, string? endpoint = null) => AddUrlRule(rule, endpoint, view, ["PATCH"]);

    /// <summary>Records a route; it is added to the app's URL map when the blueprint is registered.</summary>
    public Blueprint AddUrlRule(string rule, string? endpoint, Delegate view, IEnumerable<string>? methods = null, bool? strictSlashes = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(view);
        if (endpoint is not null && endpoint.Contains('.'))
            throw new ArgumentException($"The endpoint '{endpoint}' may not contain a dot '.' character: the blueprint adds '{Name}.' itself.", nameof(endpoint));
        EnsureNotRegistered();
        _routes.Add(new DeferredRoute(rule, endpoint, view, methods?.ToArray(), strictSlashes));
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> before each request to this blueprint, after the app's own hooks.</summary>
    public Blueprint BeforeRequest(Action hook) => AddHook(BeforeRequestHooks, hook, "before_request");

    /// <summary>Runs <paramref name="hook"/> before each request to this blueprint; a non-null result ends the request with it.</summary>
    public Blueprint BeforeRequest(Func<object?> hook) => AddHook(BeforeRequestHooks, hook, "before_request");

    /// <summary>
    /// Runs <paramref name="hook"/> before each request to this blueprint, sync or async, its parameters bound as a view's
    /// (see <see cref="App.BeforeRequest(Delegate)"/>); a non-null result ends the request with it.
    /// </summary>
    public Blueprint BeforeRequest(Delegate hook) => AddHook(BeforeRequestHooks, hook, "before_request");

    /// <summary>Async form of <see cref="BeforeRequest(Func{object?})"/>.</summary>
    public Blueprint BeforeRequestAsync(Func<Task<object?>> hook) => AddHook(BeforeRequestHooks, hook, "before_request");

    /// <summary>Runs <paramref name="hook"/> on each response of this blueprint, before the app's after-request hooks.</summary>
    public Blueprint AfterRequest(Func<Response, Response> hook) => AddHook(AfterRequestHooks, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>
    /// Runs <paramref name="hook"/> on each response of this blueprint, sync or async, its parameters bound as a view's
    /// (see <see cref="App.AfterRequest(Delegate)"/>); it returns the response to send.
    /// </summary>
    public Blueprint AfterRequest(Delegate hook) => AddHook(AfterRequestHooks, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>Async form of <see cref="AfterRequest(Func{Response, Response})"/>.</summary>
    public Blueprint AfterRequestAsync(Func<Response, Task<Response>> hook) => AddHook(AfterRequestHooks, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>Runs <paramref name="hook"/> when a request to this blueprint is torn down, before the app's teardown hooks (the error is passed, else null).</summary>
    public Blueprint TeardownRequest(Action<Exception?> hook) => AddHook(TeardownRequestHooks, hook, "teardown_request", typeof(Exception));

    /// <summary>
    /// Runs <paramref name="hook"/> when a request to this blueprint is torn down, sync or async, before the app's
    /// teardown hooks: it may take the <see cref="Exception"/> the request ended with (null when none) and, as a view,
    /// services of the request's scope (see <see cref="App.TeardownRequest(Delegate)"/>).
    /// </summary>
    public Blueprint TeardownRequest(Delegate hook) => AddHook(TeardownRequestHooks, hook, "teardown_request", typeof(Exception));

    /// <summary>Async form of <see cref="TeardownRequest(Action{Exception?})"/>.</summary>
    public Blueprint TeardownRequestAsync(Func<Exception?, Task> hook) => AddHook(TeardownRequestHooks, hook, "teardown_request", typeof(Exception));

    /// <summary>Handles HTTP error <paramref name="code"/> raised by this blueprint's views, before the app's handler.</summary>
    public Blueprint ErrorHandler(int code, Func<HttpException, object?> handler) => AddErrorHandler(code, handler);

    /// <summary>
    /// Handles HTTP error <paramref name="code"/> raised by this blueprint's views, sync or async, its parameters bound as
    /// a view's (see <see cref="App.ErrorHandler(int, Delegate)"/>).
    /// </summary>
    public Blueprint ErrorHandler(int code, Delegate handler) => AddErrorHandler(code, handler);

    /// <summary>Async form of <see cref="ErrorHandler(int, Func{HttpException, object?})"/>.</summary>
    public Blueprint ErrorHandlerAsync(int code, Func<HttpException, Task<object?>> handler) => AddErrorHandler(code, handler);

    /// <summary>Handles exceptions of type <typeparamref name="TException"/> raised by this blueprint's views, before the app's handlers.</summary>
    public Blueprint ErrorHandler<TException>(Func<TException, object?> handler) where TException : Exception =>
        AddErrorHandler(typeof(TException), handler);

    /// <summary>
    /// Handles exceptions of type <typeparamref name="TException"/> raised by this blueprint's views, sync or async, its
    /// parameters bound as a view's (see <see cref="App.ErrorHandler{TException}(Delegate)"/>).
    /// </summary>
    public Blueprint ErrorHandler<TException>(Delegate handler) where TException : Exception => AddErrorHandler(typeof(TException), handler);

    /// <summary>Async form of <see cref="ErrorHandler{TException}(Func{TException, object?})"/>.</summary>
    public Blueprint ErrorHandlerAsync<TException>(Func<TException, Task<object?>> handler) where TException : Exception =>
        AddErrorHandler(typeof(TException), handler);

    /// <summary>Adds variables to the templates rendered by this blueprint's views (Flask's <c>bp.context_processor</c>).</summary>
    public Blueprint ContextProcessor(Func<IDictionary<string, object?>> processor) =>
        AddHook(ContextProcessors, processor, "context_processor", resultType: typeof(IDictionary<string, object?>));

    /// <summary>
    /// Adds variables to the templates rendered by this blueprint's views, from a processor whose parameters bind as a
    /// view's (see <see cref="App.ContextProcessor(Delegate)"/>).
    /// </summary>
    public Blueprint ContextProcessor(Delegate processor) =>
        AddHook(ContextProcessors, processor, "context_processor", resultType: typeof(IDictionary<string, object?>));

    private Blueprint AddHook(List<ViewFunction> hooks, Delegate hook, string kind, Type? argumentType = null, Type? resultType = null)
    {
        ArgumentNullException.ThrowIfNull(hook);
        hooks.Add(ViewFunction.CreateHook(hook, kind, argumentType, resultType));
        return this;
    }

    private Blueprint AddErrorHandler(int code, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(code, ViewFunction.CreateHook(handler, "errorhandler", typeof(HttpException)));
        return this;
    }

    private Blueprint AddErrorHandler(Type exceptionType, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(exceptionType, ViewFunction.CreateHook(handler, "errorhandler", exceptionType));
        return this;
    }

    /// <summary>
    /// Runs <paramref name="preprocessor"/> with the endpoint and the URL variables of each request to this blueprint,
    /// before the before-request hooks (Flask's <c>bp.url_value_preprocessor</c>); it may take values out, e.g. into G.
    /// </summary>
    public Blueprint UrlValuePreprocessor(Action<string?, IDictionary<string, object?>> preprocessor)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        UrlValuePreprocessors.Add(preprocessor);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="defaults"/> with the endpoint and the values of each <c>UrlFor</c> of one of this blueprint's
    /// endpoints (Flask's <c>bp.url_defaults</c>); it may add values, e.g. <c>values.TryAdd("lang", ...)</c>.
    /// </summary>
    public Blueprint UrlDefaults(Action<string, IDictionary<string, object?>> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        UrlDefaultFunctions.Add(defaults);
        return this;
    }

    internal void MarkRegistered() => _registered = true;

    /// <summary>A name given at registration (<c>name:</c>) follows the constructor's rule: no dot.</summary>
    internal static void CheckName(string? name)
    {
        if (name is null) return;
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.')) throw new ArgumentException($"The blueprint name '{name}' may not contain a dot '.' character.", nameof(name));
    }

    private void EnsureNotRegistered()
    {
        // The routes were copied into the app's map at registration; a later one would silently never be served.
        if (_registered)
            throw new InvalidOperationException($"The blueprint '{Name}' has already been registered; add its routes and nested blueprints before calling RegisterBlueprint.");
    }

    internal sealed record NestedBlueprint(Blueprint Blueprint, string? UrlPrefix, string? Subdomain, string? Name);

    internal sealed record DeferredRoute(string Rule, string? Endpoint, Delegate View, string[]? Methods, bool? StrictSlashes);
}
