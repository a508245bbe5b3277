using MicroFlask.Http;

namespace MicroFlask.Blueprints;

// Flask's app_* decorators: hooks a blueprint adds to the whole app, for every request and not only its own. They are
// recorded here and added to the app the first time the blueprint is registered (Flask's record_once), so a blueprint
// registered twice under two names adds them once.
public sealed partial class Blueprint
{
    private readonly List<Action<App>> _appRecords = new();
    private bool _appRecordsApplied;

    /// <summary>A before-request hook for every request of the app (Flask's <c>before_app_request</c>).</summary>
    public Blueprint BeforeAppRequest(Action hook) => Record(app => app.BeforeRequest(hook), hook);

    /// <summary>As <see cref="BeforeAppRequest(Action)"/>; a non-null result ends the request with it.</summary>
    public Blueprint BeforeAppRequest(Func<object?> hook) => Record(app => app.BeforeRequest(hook), hook);

    /// <summary>As <see cref="BeforeAppRequest(Action)"/>, with parameters bound as a view's (services, the request...).</summary>
    public Blueprint BeforeAppRequest(Delegate hook) => Record(app => app.BeforeRequest(hook), hook);

    /// <summary>An after-request hook for every request of the app (Flask's <c>after_app_request</c>).</summary>
    public Blueprint AfterAppRequest(Func<Response, Response> hook) => Record(app => app.AfterRequest(hook), hook);

    /// <summary>As <see cref="AfterAppRequest(Func{Response, Response})"/>, taking the response and, as a view, services; it returns the response to send.</summary>
    public Blueprint AfterAppRequest(Delegate hook) => Record(app => app.AfterRequest(hook), hook);

    /// <summary>A teardown hook for every request of the app (Flask's <c>teardown_app_request</c>).</summary>
    public Blueprint TeardownAppRequest(Action<Exception?> hook) => Record(app => app.TeardownRequest(hook), hook);

    /// <summary>As <see cref="TeardownAppRequest(Action{Exception?})"/>, taking the exception (or null) and, as a view, services of the request's scope.</summary>
    public Blueprint TeardownAppRequest(Delegate hook) => Record(app => app.TeardownRequest(hook), hook);

    /// <summary>An error handler for <paramref name="code"/> on every request of the app (Flask's <c>app_errorhandler</c>).</summary>
    public Blueprint AppErrorHandler(int code, Func<HttpException, object?> handler) => Record(app => app.ErrorHandler(code, handler), handler);

    /// <summary>As <see cref="AppErrorHandler(int, Func{HttpException, object?})"/>, with parameters bound as a view's.</summary>
    public Blueprint AppErrorHandler(int code, Delegate handler) => Record(app => app.ErrorHandler(code, handler), handler);

    /// <summary>An error handler for <typeparamref name="TException"/> on every request of the app (Flask's <c>app_errorhandler</c>).</summary>
    public Blueprint AppErrorHandler<TException>(Func<TException, object?> handler) where TException : Exception =>
        Record(app => app.ErrorHandler(handler), handler);

    /// <summary>As <see cref="AppErrorHandler{TException}(Func{TException, object?})"/>, with parameters bound as a view's.</summary>
    public Blueprint AppErrorHandler<TException>(Delegate handler) where TException : Exception =>
        Record(app => app.ErrorHandler<TException>(handler), handler);

    /// <summary>A context processor for every template the app renders (Flask's <c>app_context_processor</c>).</summary>
    public Blueprint AppContextProcessor(Func<IDictionary<string, object?>> processor) => Record(app => app.ContextProcessor(processor), processor);

    /// <summary>As <see cref="AppContextProcessor(Func{IDictionary{string, object?}})"/>, with parameters bound as a view's.</summary>
    public Blueprint AppContextProcessor(Delegate processor) => Record(app => app.ContextProcessor(processor), processor);

    /// <summary>URL defaults for every endpoint of the app (Flask's <c>app_url_defaults</c>).</summary>
    public Blueprint AppUrlDefaults(Action<string, IDictionary<string, object?>> defaults) => Record(app => app.UrlDefaults(defaults), defaults);

    /// <summary>A URL value preprocessor for every request of the app (Flask's <c>app_url_value_preprocessor</c>).</summary>
    public Blueprint AppUrlValuePreprocessor(Action<string?, IDictionary<string, object?>> preprocessor) =>
        Record(app => app.UrlValuePreprocessor(preprocessor), preprocessor);

    /// <summary>Adds the recorded app-wide hooks to <paramref name="app"/>, the first time this blueprint is registered only.</summary>
    internal void ApplyAppRecords(App app)
    {
        if (_appRecordsApplied) return;
        _appRecordsApplied = true;
        foreach (var record in _appRecords) record(app);
    }

    private Blueprint Record(Action<App> record, Delegate hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (_registered) throw new InvalidOperationException($"The blueprint '{Name}' is already registered: add its app-wide hooks before registering it.");
        _appRecords.Add(record);
        return this;
    }
}
