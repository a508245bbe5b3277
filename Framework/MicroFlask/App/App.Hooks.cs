using MicroFlask.Context;
using MicroFlask.Http;
using Microsoft.Extensions.Logging;

namespace MicroFlask;

public partial class App
{
    private readonly List<Func<ValueTask>> _beforeFirstRequest = new();
    private readonly List<Func<ValueTask<object?>>> _beforeRequest = new();
    private readonly List<Func<Response, ValueTask<Response>>> _afterRequest = new();
    private readonly List<Func<Exception?, ValueTask>> _teardownRequest = new();
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
    public App BeforeRequest(Action hook)
    {
        _beforeRequest.Add(() => { hook(); return default; });
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> before each request; a non-null result ends the request with it, skipping the view.</summary>
    public App BeforeRequest(Func<object?> hook)
    {
        _beforeRequest.Add(() => new ValueTask<object?>(hook()));
        return this;
    }

    /// <summary>Async form of <see cref="BeforeRequest(Func{object?})"/>.</summary>
    public App BeforeRequestAsync(Func<Task<object?>> hook)
    {
        _beforeRequest.Add(() => new ValueTask<object?>(hook()));
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> on each response before the session is saved; it returns the response to send.</summary>
    public App AfterRequest(Func<Response, Response> hook)
    {
        _afterRequest.Add(response => new ValueTask<Response>(hook(response)));
        return this;
    }

    /// <summary>Async form of <see cref="AfterRequest(Func{Response, Response})"/>.</summary>
    public App AfterRequestAsync(Func<Response, Task<Response>> hook)
    {
        _afterRequest.Add(response => new ValueTask<Response>(hook(response)));
        return this;
    }

    /// <summary>Runs <paramref name="hook"/> when the request context is popped, even when the view threw (the error is passed, else null).</summary>
    public App TeardownRequest(Action<Exception?> hook)
    {
        _teardownRequest.Add(error => { hook(error); return ValueTask.CompletedTask; });
        return this;
    }

    /// <summary>Async form of <see cref="TeardownRequest(Action{Exception?})"/>.</summary>
    public App TeardownRequestAsync(Func<Exception?, Task> hook)
    {
        _teardownRequest.Add(error => new ValueTask(hook(error)));
        return this;
    }

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
    internal async ValueTask DoTeardownRequestAsync(RequestContext ctx, Exception? error)
    {
        foreach (var blueprint in BlueprintsOf(ctx))
        {
            var hooks = blueprint.TeardownRequestHooks;
            for (var i = hooks.Count - 1; i >= 0; i--) await RunTeardownAsync(hooks[i], error, "teardown_request");
        }
        for (var i = _teardownRequest.Count - 1; i >= 0; i--) await RunTeardownAsync(_teardownRequest[i], error, "teardown_request");
        if (Signals.RequestTearingDown.HasReceivers) Signals.RequestTearingDown.Send(this, error);
    }

    /// <summary>Runs every teardown-appcontext hook, last registered first, then sends <c>appcontext_tearing_down</c>.</summary>
    internal async ValueTask DoTeardownAppContextAsync(Exception? error)
    {
        for (var i = _teardownAppContext.Count - 1; i >= 0; i--) await RunTeardownAsync(_teardownAppContext[i], error, "teardown_appcontext");
        if (Signals.AppContextTearingDown.HasReceivers) Signals.AppContextTearingDown.Send(this, error);
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
