using MicroFlask.Http;
using MicroFlask.Sessions;
using MicroFlask.Wsgi;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.Context;

/// <summary>
/// Everything about one request (Flask's <c>RequestContext</c>): the <see cref="Request"/>, the
/// <see cref="Session"/> and the app context under them. <see cref="App.WsgiApp"/> pushes it, dispatches and
/// always pops it, even when the view throws.
/// </summary>
public sealed class RequestContext : IAsyncDisposable
{
    internal static readonly LocalStack<RequestContext> Stack = new();
    private AppContext? _implicitAppContext;
    private ISession? _session;
    private IServiceProvider? _services;
    private AsyncServiceScope? _scope;
    private bool _popped;

    /// <summary>
    /// Wraps <paramref name="environ"/> in a <see cref="Request"/> for <paramref name="app"/>, with the body limits
    /// the app's config sets; <see cref="App.CreateRequestContext"/> is the way in.
    /// </summary>
    internal RequestContext(App app, Environ environ, RequestLimits limits)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        Request = new Request(environ, limits);
    }

    /// <summary>The innermost pushed request context; throws outside of a request.</summary>
    public static RequestContext Current => Stack.Top ?? throw new InvalidOperationException(ContextErrors.OutsideRequest);

    /// <summary>
    /// The innermost pushed request context, or null: for the helpers that are proxies by nature (<c>UrlFor</c>,
    /// flashing, templates). The flow's steps are handed their context instead.
    /// </summary>
    internal static RequestContext? Top => Stack.Top;

    /// <summary>Whether a request context is pushed in this async flow (Flask's <c>has_request_context</c>).</summary>
    public static bool IsActive => Stack.Top is not null;

    /// <summary>The app handling the request.</summary>
    public App App { get; }

    /// <summary>The request.</summary>
    public Request Request { get; }

    /// <summary>The session, opened by <see cref="PushAsync"/>.</summary>
    public ISession Session
    {
        get => _session ?? throw new InvalidOperationException("The session is opened when the request context is pushed.");
        internal set => _session = value;
    }

    /// <summary>
    /// The services of this request: the host's request scope when mounted in ASP.NET Core, else a scope of
    /// <see cref="App.Services"/> opened on first use and disposed when the context is popped.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has no services (no <see cref="App.ConfigureServices"/>, no <see cref="App.Services"/>).</exception>
    public IServiceProvider Services => _services ??= OpenServices();

    /// <summary>The flashed messages taken from the session by the first <see cref="Flash.GetMessages"/> of this request.</summary>
    internal IReadOnlyList<(string Category, string Message)>? Flashes { get; set; }

    /// <summary>The hooks <see cref="App.AfterThisRequest"/> added, run in order before the app's after-request hooks.</summary>
    internal List<Func<Response, ValueTask<Response>>>? AfterRequestFunctions { get; set; }

    /// <summary>Whether the session has been opened.</summary>
    internal bool HasSession => _session is not null;

    /// <summary>Set when saving hit a store that is down (logged then), so the error page does not try the store again.</summary>
    internal bool SessionStoreFailed { get; set; }

    /// <summary>
    /// Pushes the app context (when this app's is not already current) and this context, then opens the session
    /// through <see cref="App.SessionInterface"/> (a <see cref="SessionInterface.MakeNullSession"/> when it returns
    /// null) and matches the URL.
    /// </summary>
    /// <remarks>
    /// Deliberately not an async method: the stack pushes must land in the caller's async flow, and values an async
    /// method writes to an AsyncLocal are dropped when it returns. Only the session opening is awaited.
    /// </remarks>
    public ValueTask PushAsync()
    {
        var appContext = AppContext.Stack.Top;
        if (appContext is null || !ReferenceEquals(appContext.App, App))
        {
            _implicitAppContext = new AppContext(App);
            _implicitAppContext.Push();
        }
        Stack.Push(this);

        if (_session is not null)
        {
            MatchRequest();
            return ValueTask.CompletedTask;
        }
        ValueTask<ISession?> opening;
        try
        {
            opening = App.SessionInterface.OpenSessionAsync(App, Request, Request.Aborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            App.LogSessionStoreUnavailable(this, e);
            throw;
        }
        if (opening.IsCompletedSuccessfully)
        {
            _session = opening.Result ?? App.SessionInterface.MakeNullSession(App);
            MatchRequest();
            return ValueTask.CompletedTask;
        }
        return FinishPushAsync(opening);
    }

    private async ValueTask FinishPushAsync(ValueTask<ISession?> opening)
    {
        try
        {
            _session = await opening ?? App.SessionInterface.MakeNullSession(App);
        }
        catch (SessionStoreUnavailableException e)
        {
            // Logged where the session interface is called, with the store and the reason; the 503 follows.
            App.LogSessionStoreUnavailable(this, e);
            throw;
        }
        MatchRequest();
    }

    /// <summary>A view's service parameter: resolved from <see cref="Services"/> (compiled into the view's call).</summary>
    internal object GetRequiredService(Type type) => Services.GetRequiredService(type);

    /// <summary>A view's optional service parameter (one with a default value): null when there is no such service or no provider.</summary>
    internal object? GetOptionalService(Type type) =>
        _services is null && Request.Environ.RequestServices is null && App.Services is null ? null : Services.GetService(type);

    private IServiceProvider OpenServices()
    {
        if (Request.Environ.RequestServices is { } hosted) return hosted;
        var root = App.Services ?? throw new InvalidOperationException(
            "This request asked for a service but the app has none: register services with app.ConfigureServices(services => ...) or set app.Services.");
        var scope = root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        _scope = scope;
        return scope.ServiceProvider;
    }

    /// <summary>Matches the URL against the app's map; a failure is kept in <see cref="Request.RoutingException"/> and raised at dispatch.</summary>
    internal void MatchRequest() => App.MatchRequest(Request);

    /// <summary>
    /// Pops the context at the end of the request (Flask's <c>auto_pop</c> / <c>pop</c>): teardown-request hooks,
    /// <c>request_tearing_down</c>, then the app context's teardown.
    /// </summary>
    /// <remarks>
    /// Not an async method: for a request without teardown hooks, uploads or a service scope, every step below is done
    /// when it returns, and the pop then costs no async frame.
    /// </remarks>
    public ValueTask AutoPopAsync(Exception? error)
    {
        _popped = true;
        ValueTask teardown;
        try
        {
            teardown = App.DoTeardownRequestAsync(this, error);
        }
        catch (Exception e)
        {
            teardown = ValueTask.FromException(e);
        }
        if (!teardown.IsCompletedSuccessfully) return FinishTeardownAsync(teardown, error);
        teardown.GetAwaiter().GetResult();
        return PopAfterTeardown(error);
    }

    private async ValueTask FinishTeardownAsync(ValueTask teardown, Exception? error)
    {
        try
        {
            await teardown;
        }
        finally
        {
            await PopAfterTeardown(error);
        }
    }

    private ValueTask PopAfterTeardown(Exception? error)
    {
        if (ReferenceEquals(Stack.Top, this)) Stack.Pop();
        // The uploads' temporary files go with the request, after the teardown hooks that might still read them.
        var release = Request.ReleaseBodyAsync();
        if (!release.IsCompletedSuccessfully || _scope is not null) return PopAfterReleaseAsync(release, error);
        release.GetAwaiter().GetResult();
        return _implicitAppContext?.PopAsync(error) ?? ValueTask.CompletedTask;
    }

    private async ValueTask PopAfterReleaseAsync(ValueTask release, Exception? error)
    {
        await release;
        try
        {
            if (_implicitAppContext is not null) await _implicitAppContext.PopAsync(error);
        }
        finally
        {
            // The scope this request opened, after every teardown hook (they may still use its services).
            if (_scope is { } scope) await scope.DisposeAsync();
        }
    }

    /// <summary>Pops the context, as <see cref="AutoPopAsync"/> with no error, unless it was popped already: <c>await using</c> a context of <see cref="App.TestRequestContextAsync(Testing.EnvironBuilder)"/>.</summary>
    public ValueTask DisposeAsync() => _popped ? ValueTask.CompletedTask : AutoPopAsync(null);
}
