using MicroFlask.Http;

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

    internal List<Func<ValueTask<object?>>> BeforeRequestHooks { get; } = new();

    internal List<Func<Response, ValueTask<Response>>> AfterRequestHooks { get; } = new();

    internal ErrorHandlerTable ErrorHandlers { get; } = new();

    internal List<Func<IDictionary<string, object?>>> ContextProcessors { get; } = new();

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
    public Blueprint BeforeRequest(Action hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        BeforeRequestHooks.Add(() => { hook(); return default; });
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> before each request to this blueprint; a non-null result ends the request with it.</summary>
    public Blueprint BeforeRequest(Func<object?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        BeforeRequestHooks.Add(() => new ValueTask<object?>(hook()));
        return this;
    }

    /// <summary>Async form of <see cref="BeforeRequest(Func{object?})"/>.</summary>
    public Blueprint BeforeRequestAsync(Func<Task<object?>> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        BeforeRequestHooks.Add(() => new ValueTask<object?>(hook()));
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> on each response of this blueprint, before the app's after-request hooks.</summary>
    public Blueprint AfterRequest(Func<Response, Response> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        AfterRequestHooks.Add(response => new ValueTask<Response>(hook(response)));
        return this;
    }

    /// <summary>Async form of <see cref="AfterRequest(Func{Response, Response})"/>.</summary>
    public Blueprint AfterRequestAsync(Func<Response, Task<Response>> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        AfterRequestHooks.Add(response => new ValueTask<Response>(hook(response)));
        return this;
    }

    /// <summary>Handles HTTP error <paramref name="code"/> raised by this blueprint's views, before the app's handler.</summary>
    public Blueprint ErrorHandler(int code, Func<HttpException, object?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(code, e => new ValueTask<object?>(handler(e)));
        return this;
    }

    /// <summary>Async form of <see cref="ErrorHandler(int, Func{HttpException, object?})"/>.</summary>
    public Blueprint ErrorHandlerAsync(int code, Func<HttpException, Task<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(code, e => new ValueTask<object?>(handler(e)));
        return this;
    }

    /// <summary>Handles exceptions of type <typeparamref name="TException"/> raised by this blueprint's views, before the app's handlers.</summary>
    public Blueprint ErrorHandler<TException>(Func<TException, object?> handler) where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(typeof(TException), e => new ValueTask<object?>(handler((TException)e)));
        return this;
    }

    /// <summary>Async form of <see cref="ErrorHandler{TException}(Func{TException, object?})"/>.</summary>
    public Blueprint ErrorHandlerAsync<TException>(Func<TException, Task<object?>> handler) where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(handler);
        ErrorHandlers.Add(typeof(TException), e => new ValueTask<object?>(handler((TException)e)));
        return this;
    }

    /// <summary>Adds variables to the templates rendered by this blueprint's views (Flask's <c>bp.context_processor</c>).</summary>
    public Blueprint ContextProcessor(Func<IDictionary<string, object?>> processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ContextProcessors.Add(processor);
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
