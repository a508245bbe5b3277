using MicroFlask.Blueprints;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Views;
using Microsoft.Extensions.Logging;

namespace MicroFlask;

public partial class App
{
    private readonly List<Func<ValueTask>> _beforeFirstRequest = new();
    private readonly List<ViewFunction> _beforeRequest = new();
    private readonly List<ViewFunction> _afterRequest = new();
    private readonly List<ViewFunction> _teardownRequest = new();
    private readonly List<Func<Exception?, ValueTask>> _teardownAppContext = new();
    private readonly SemaphoreSlim _firstRequestLock = new(1, 1);
    private volatile bool _gotFirstRequest;

    /// <summary>Runs <paramref name="hook"/> once, before the first request is handled.</summary>
    public App BeforeFirstRequest(Action hook)
    {
        _beforeFirstRequest.Add(() => { hook(); return ValueTask.CompletedTask; });
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> once, before the first request is handled.</summary>
    public App BeforeFirstRequestAsync(Func<Task> hook)
    {
        _beforeFirstRequest.Add(() => new ValueTask(hook()));
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> before each request.</summary>
    public App BeforeRequest(Action hook) => AddHook(_beforeRequest, hook, "before_request");

    /// <summary>Runs <paramref name="hook"/> before each request; a non-null result ends the request with it, skipping the view.</summary>
    public App BeforeRequest(Func<object?> hook) => AddHook(_beforeRequest, hook, "before_request");

    /// <summary>
    /// Runs <paramref name="hook"/> before each request, sync or async, its parameters bound as a view's are:
    /// <c>app.BeforeRequest((ISession session, Users users) =&gt; ...)</c> takes the session and a service of the
    /// request's scope. A non-null result ends the request with it, skipping the view.
    /// </summary>
    public App BeforeRequest(Delegate hook) => AddHook(_beforeRequest, hook, "before_request");

    /// <summary>Async form of <see cref="BeforeRequest(Func{object?})"/>.</summary>
    public App BeforeRequestAsync(Func<Task<object?>> hook) => AddHook(_beforeRequest, hook, "before_request");

    /// <summary>Runs <paramref name="hook"/> on each response before the session is saved; it returns the response to send.</summary>
    public App AfterRequest(Func<Response, Response> hook) => AddHook(_afterRequest, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>
    /// Runs <paramref name="hook"/> on each response before the session is saved, sync or async: it takes the
    /// <see cref="Response"/> and, as a view, a Request, ISession, G, App, CancellationToken or services, and returns the
    /// response to send.
    /// </summary>
    public App AfterRequest(Delegate hook) => AddHook(_afterRequest, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>Async form of <see cref="AfterRequest(Func{Response, Response})"/>.</summary>
    public App AfterRequestAsync(Func<Response, Task<Response>> hook) => AddHook(_afterRequest, hook, "after_request", typeof(Response), typeof(Response));

    /// <summary>Runs <paramref name="hook"/> when the request context is popped, even when the view threw (the error is passed, else null).</summary>
    public App TeardownRequest(Action<Exception?> hook) => AddHook(_teardownRequest, hook, "teardown_request", typeof(Exception));

    /// <summary>
    /// Runs <paramref name="hook"/> when the request context is popped, sync or async: it may take the
    /// <see cref="Exception"/> the request ended with (null when none) and, as a view, services of the request's scope,
    /// which is disposed after every teardown hook.
    /// </summary>
    public App TeardownRequest(Delegate hook) => AddHook(_teardownRequest, hook, "teardown_request", typeof(Exception));

    /// <summary>Async form of <see cref="TeardownRequest(Action{Exception?})"/>.</summary>
    public App TeardownRequestAsync(Func<Exception?, Task> hook) => AddHook(_teardownRequest, hook, "teardown_request", typeof(Exception));

    /// <summary>Runs <paramref name="hook"/> when the app context is popped (after the request's teardown).</summary>
    public App TeardownAppContext(Action<Exception?> hook)
    {
        _teardownAppContext.Add(error => { hook(error); return ValueTask.CompletedTask; });
        return this;
    }

    /// <summary>Async form of <see cref="TeardownAppContext(Action{Exception?})"/>.</summary>
    public App TeardownAppContextAsync(Func<Exception?, Task> hook)
    {
        _teardownAppContext.Add(error => new ValueTask(hook(error)));
        return this;
    }

    private ValueTask RunBeforeFirstRequestAsync() =>
        _gotFirstRequest ? ValueTask.CompletedTask : RunBeforeFirstRequestOnceAsync();

    private async ValueTask RunBeforeFirstRequestOnceAsync()
    {
        await _firstRequestLock.WaitAsync();
        try
        {
            if (_gotFirstRequest) return;
            foreach (var hook in _beforeFirstRequest) await hook();
            _gotFirstRequest = true;
        }
        finally
        {
            _firstRequestLock.Release();
        }
    }

    /// <summary>
    /// Runs every teardown-request hook, last registered first: the request's blueprint's, its ancestors', then the
    /// app's, as Flask; then sends <c>request_tearing_down</c>. A failing hook is logged and the others still run:
    /// cleanup must not stop halfway.
    /// </summary>
    internal ValueTask DoTeardownRequestAsync(RequestContext ctx, Exception? error)
    {
        var chain = BlueprintsOf(ctx);
        // Most apps have no teardown hook: their requests skip the async machinery.
        if (chain.Length > 0 || _teardownRequest.Count > 0) return RunTeardownRequestAsync(chain, ctx, error);
        if (Signals.RequestTearingDown.HasReceivers) Signals.RequestTearingDown.Send(this, error);
        return ValueTask.CompletedTask;
    }

    private async ValueTask RunTeardownRequestAsync(Blueprint[] chain, RequestContext ctx, Exception? error)
    {
        foreach (var blueprint in chain) await RunTeardownRequestHooksAsync(blueprint.TeardownRequestHooks, ctx, error);
        await RunTeardownRequestHooksAsync(_teardownRequest, ctx, error);
        if (Signals.RequestTearingDown.HasReceivers) Signals.RequestTearingDown.Send(this, error);
    }

    /// <summary>Runs every teardown-appcontext hook, last registered first, then sends <c>appcontext_tearing_down</c>.</summary>
    internal ValueTask DoTeardownAppContextAsync(Exception? error)
    {
        if (_teardownAppContext.Count > 0) return RunTeardownAppContextAsync(error);
        if (Signals.AppContextTearingDown.HasReceivers) Signals.AppContextTearingDown.Send(this, error);
        return ValueTask.CompletedTask;
    }

    private async ValueTask RunTeardownAppContextAsync(Exception? error)
    {
        for (var i = _teardownAppContext.Count - 1; i >= 0; i--) await RunTeardownAsync(_teardownAppContext[i], error, "teardown_appcontext");
        if (Signals.AppContextTearingDown.HasReceivers) Signals.AppContextTearingDown.Send(this, error);
    }

    /// <summary>Runs an after-request hook, whose result is the response from then on.</summary>
    private static async ValueTask<Response> RunAfterRequestAsync(ViewFunction hook, Response response, RequestContext ctx) =>
        await hook.InvokeHookAsync(response, ctx) as Response
        ?? throw new InvalidOperationException($"{hook.Description} returned null: an after-request hook returns the response to send (the one it was given, or another).");

    /// <summary>
    /// Compiles <paramref name="hook"/> with the views' binder (so that its parameters bind as a view's do) and adds
    /// it to <paramref name="hooks"/>; once the app has started, its services are checked at once.
    /// </summary>
    private App AddHook(List<ViewFunction> hooks, Delegate hook, string kind, Type? argumentType = null, Type? resultType = null)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var function = ViewFunction.CreateHook(hook, kind, argumentType, resultType);
        CheckViewIfStarted(function);
        hooks.Add(function);
        return this;
    }

    private async ValueTask RunTeardownRequestHooksAsync(List<ViewFunction> hooks, RequestContext ctx, Exception? error)
    {
        for (var i = hooks.Count - 1; i >= 0; i--)
        {
            try
            {
                await hooks[i].InvokeHookAsync(error, ctx);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A {Kind} hook failed", "teardown_request");
            }
        }
    }

    private async ValueTask RunTeardownAsync(Func<Exception?, ValueTask> hook, Exception? error, string kind)
    {
        try
        {
            await hook(error);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A {Kind} hook failed", kind);
        }
    }
}
