using AppContext = MicroFlask.Context.AppContext;
using MicroFlask.Context;

namespace MicroFlask;

public partial class App
{
    /// <summary>
    /// Runs <paramref name="hook"/> on this request's response, before the app's after-request hooks (Flask's
    /// <c>after_this_request</c>): a view or a before-request hook changes a response it has not made yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">No request context is active.</exception>
    public static void AfterThisRequest(Func<Response, Response> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        AfterThisRequestCore(response => new ValueTask<Response>(hook(response)));
    }

    /// <summary>Async form of <see cref="AfterThisRequest(Func{Response, Response})"/>.</summary>
    /// <exception cref="InvalidOperationException">No request context is active.</exception>
    public static void AfterThisRequestAsync(Func<Response, Task<Response>> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        AfterThisRequestCore(response => new ValueTask<Response>(hook(response)));
    }

    private static void AfterThisRequestCore(Func<Response, ValueTask<Response>> hook)
    {
        var ctx = RequestContext.Top ?? throw new InvalidOperationException(
            "'AfterThisRequest' can only be used when a request context is active, such as in a view function.");
        (ctx.AfterRequestFunctions ??= []).Add(hook);
    }

    /// <summary>
    /// Pushes an app context for this app (Flask's <c>with app.app_context():</c>), so that <see cref="Current"/>,
    /// <see cref="G.Current"/> and <see cref="UrlFor"/> work in a script or a test; <c>await using</c> pops it.
    /// </summary>
    public AppContext PushAppContext()
    {
        var ctx = new AppContext(this);
        ctx.Push();
        return ctx;
    }

    /// <summary>
    /// Wraps <paramref name="action"/> so that it runs inside the current request context wherever it is called
    /// (Flask's <c>copy_current_request_context</c>): for work that outlives the request, such as a task started
    /// and not awaited, which no longer sees the context once the request has ended.
    /// </summary>
    /// <exception cref="InvalidOperationException">No request context is active.</exception>
    public static Action CopyCurrentRequestContext(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (app, request) = CaptureContexts(nameof(CopyCurrentRequestContext));
        return () =>
        {
            Enter(app, request);
            try
            {
                action();
            }
            finally
            {
                Leave(app, request);
            }
        };
    }

    /// <inheritdoc cref="CopyCurrentRequestContext(Action)"/>
    public static Func<T> CopyCurrentRequestContext<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (app, request) = CaptureContexts(nameof(CopyCurrentRequestContext));
        return () =>
        {
            Enter(app, request);
            try
            {
                return function();
            }
            finally
            {
                Leave(app, request);
            }
        };
    }

    /// <inheritdoc cref="CopyCurrentRequestContext(Action)"/>
    public static Func<Task> CopyCurrentRequestContext(Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (app, request) = CaptureContexts(nameof(CopyCurrentRequestContext));
        // The push and the pop in the one async method, so that the pushes are seen by everything function awaits.
        return async () =>
        {
            Enter(app, request);
            try
            {
                await function();
            }
            finally
            {
                Leave(app, request);
            }
        };
    }

    /// <inheritdoc cref="CopyCurrentRequestContext(Action)"/>
    public static Func<Task<T>> CopyCurrentRequestContext<T>(Func<Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (app, request) = CaptureContexts(nameof(CopyCurrentRequestContext));
        return async () =>
        {
            Enter(app, request);
            try
            {
                return await function();
            }
            finally
            {
                Leave(app, request);
            }
        };
    }

    private static (AppContext App, RequestContext Request) CaptureContexts(string helper)
    {
        var request = RequestContext.Top ?? throw new InvalidOperationException(
            $"'{helper}' can only be used when a request context is active, such as in a view function.");
        return (AppContext.Stack.Top ?? new AppContext(request.App), request);
    }

    // The same context objects, pushed again for the copy's call: the request's own pop runs the teardown hooks, once.
    private static void Enter(AppContext app, RequestContext request)
    {
        AppContext.Stack.Push(app);
        RequestContext.Stack.Push(request);
    }

    private static void Leave(AppContext app, RequestContext request)
    {
        if (ReferenceEquals(RequestContext.Stack.Top, request)) RequestContext.Stack.Pop();
        if (ReferenceEquals(AppContext.Stack.Top, app)) AppContext.Stack.Pop();
    }
}
