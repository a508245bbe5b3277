using MicroFlask.Http;
using MicroFlask.Views;

namespace MicroFlask.Blueprints;

/// <summary>
/// A group of routes, hooks, error handlers and templates under one name and URL prefix (Flask's <c>Blueprint</c>).
/// Build it, then <see cref="App.RegisterBlueprint"/> it: its endpoints become <c>"{Name}.{endpoint}"</c>, its hooks
/// and error handlers apply only to requests whose endpoint is one of its own.
/// </summary>
public sealed class Blueprint
{
    private readonly List<DeferredRoute> _routes = new();
    private bool _registered;

    /// <summary>
    /// Creates a blueprint called <paramref name="name"/> (no dots: the dot separates it from the view's endpoint).
    /// <paramref name="templateFolder"/> is searched after the app's own templates, relative to the app's RootPath.
    /// <paramref name="subdomain"/> puts every route on that subdomain (see <see cref="App.SubdomainMatching"/>).
    /// </summary>
    public Blueprint(string name, string? urlPrefix = null, string? templateFolder = null, string? subdomain = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.')) throw new ArgumentException($"The blueprint name '{name}' may not contain a dot '.' character.", nameof(name));
        Name = name;
        UrlPrefix = urlPrefix;
        TemplateFolder = templateFolder;
        Subdomain = subdomain;
    }

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

    internal ErrorHandlerTable ErrorHandlers { get; } = new();

    internal List<ViewFunction> ContextProcessors { get; } = new();

    /// <summary>Every hook, error handler and context processor, for the app's start-up check of their services.</summary>
    internal IEnumerable<ViewFunction> Hooks => BeforeRequestHooks.Concat(AfterRequestHooks).Concat(ErrorHandlers.All).Concat(ContextProcessors);

    internal IReadOnlyList<DeferredRoute> Routes => _routes;

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

    internal void MarkRegistered() => _registered = true;

    private void EnsureNotRegistered()
    {
        // The routes were copied into the app's map at registration; a later one would silently never be served.
        if (_registered)
            throw new InvalidOperationException($"The blueprint '{Name}' has already been registered; add its routes before calling RegisterBlueprint.");
    }

    internal sealed record DeferredRoute(string Rule, string? Endpoint, Delegate View, string[]? Methods, bool? StrictSlashes);
}
