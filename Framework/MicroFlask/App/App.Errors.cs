using System.Diagnostics.CodeAnalysis;
using MicroFlask.Context;
using MicroFlask.Http;
using MicroFlask.Views;

namespace MicroFlask;

public partial class App
{
    private readonly Dictionary<int, ViewFunction> _codeHandlers = new();
    private readonly List<(Type Type, ViewFunction Handler)> _typeHandlers = new();

    /// <summary>Handles HTTP error <paramref name="code"/> (404, 500...) with <paramref name="handler"/>, whose result becomes the response.</summary>
    public App ErrorHandler(int code, Func<HttpException, object?> handler) => AddErrorHandler(code, handler);

    /// <summary>
    /// Handles HTTP error <paramref name="code"/> with <paramref name="handler"/>, sync or async, whose result becomes the
    /// response: it may take the <see cref="HttpException"/> and, as a view, a Request, ISession, G, App or services.
    /// </summary>
    public App ErrorHandler(int code, Delegate handler) => AddErrorHandler(code, handler);

    /// <summary>Async form of <see cref="ErrorHandler(int, Func{HttpException, object?})"/>.</summary>
    public App ErrorHandlerAsync(int code, Func<HttpException, Task<object?>> handler) => AddErrorHandler(code, handler);

    /// <summary>Handles exceptions of type <typeparamref name="TException"/> (and subclasses) with <paramref name="handler"/>.</summary>
    public App ErrorHandler<TException>(Func<TException, object?> handler) where TException : Exception => AddErrorHandler(typeof(TException), handler);

    /// <summary>
    /// Handles exceptions of type <typeparamref name="TException"/> (and subclasses) with <paramref name="handler"/>, sync or
    /// async: it may take the exception and, as a view, a Request, ISession, G, App or services.
    /// </summary>
    public App ErrorHandler<TException>(Delegate handler) where TException : Exception => AddErrorHandler(typeof(TException), handler);

    /// <summary>Async form of <see cref="ErrorHandler{TException}(Func{TException, object?})"/>.</summary>
    public App ErrorHandlerAsync<TException>(Func<TException, Task<object?>> handler) where TException : Exception => AddErrorHandler(typeof(TException), handler);

    private App AddErrorHandler(int code, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var function = ViewFunction.CreateHook(handler, "errorhandler", typeof(HttpException));
        CheckViewIfStarted(function);
        _codeHandlers[code] = function;
        return this;
    }

    private App AddErrorHandler(Type exceptionType, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var function = ViewFunction.CreateHook(handler, "errorhandler", exceptionType);
        CheckViewIfStarted(function);
        _typeHandlers.RemoveAll(h => h.Type == exceptionType);
        _typeHandlers.Add((exceptionType, function));
        return this;
    }

    /// <summary>Ends the request with HTTP error <paramref name="code"/> (Flask's <c>abort</c>).</summary>
    [DoesNotReturn]
    public static Exception Abort(int code, string? description = null) => throw new HttpException(code, description);

    /// <summary>A redirect response to <paramref name="location"/> (Flask's <c>redirect</c>).</summary>
    public static Response Redirect(string location, int code = 302) => Response.Redirect(location, code);

    /// <summary>
    /// Handles an exception raised while dispatching (Flask's <c>handle_user_exception</c>): HTTP errors go to
    /// <see cref="HandleHttpExceptionAsync"/>, others to the handler registered for their type; with none, it is rethrown
    /// to <see cref="HandleExceptionAsync"/>.
    /// </summary>
    protected virtual async ValueTask<object?> HandleUserExceptionAsync(RequestContext ctx, Exception e)
    {
        if (e is BadRequestKeyException keyError && (Debug || Config.GetBool("TRAP_BAD_REQUEST_ERRORS"))) keyError.ShowKey = true;
        if (e is HttpException http && !TrapHttpException(http)) return await HandleHttpExceptionAsync(ctx, http);
        var handler = FindErrorHandler(ctx, e);
        if (handler is null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        return await handler!.InvokeHookAsync(e, ctx);
    }

    /// <summary>
    /// Handles an HTTP error (Flask's <c>handle_http_exception</c>): its registered handler, else the error itself,
    /// which renders its default page. Routing redirects are never handled.
    /// </summary>
    protected virtual async ValueTask<object?> HandleHttpExceptionAsync(RequestContext ctx, HttpException e)
    {
        if (e is RequestRedirectException) return e;
        var handler = FindErrorHandler(ctx, e);
        return handler is null ? e : await handler.InvokeHookAsync(e, ctx);
    }

    /// <summary>
    /// Flask's <c>trap_http_exception</c>: TRAP_HTTP_EXCEPTIONS traps every HTTP error, TRAP_BAD_REQUEST_ERRORS the 400s;
    /// left unset, DEBUG traps a <see cref="BadRequestKeyException"/>, so that the missing key shows as an error. A trapped error goes to a handler for its code or type if there is one, else it is unhandled: re-raised when
    /// exceptions propagate (Testing, Debug), a 500 otherwise.
    /// </summary>
    protected virtual bool TrapHttpException(HttpException e)
    {
        if (Config.GetBool("TRAP_HTTP_EXCEPTIONS")) return true;
        if (Config["TRAP_BAD_REQUEST_ERRORS"] is null) return Debug && e is BadRequestKeyException;
        return Config.GetBool("TRAP_BAD_REQUEST_ERRORS") && e.Code == 400;
    }

    private ViewFunction? FindErrorHandler(RequestContext ctx, Exception e)
    {
        // Flask's order: the handlers of the error's code (the request's blueprint, its ancestors, then the app), then
        // those of no code in the same order. Within a code, the most specific class wins, as Flask walks the MRO: a
        // handler for a subclass of HttpException beats the handler registered for its code number, which stands for
        // the plain HttpException of that code.
        var blueprints = BlueprintsOf(ctx);
        if (e is HttpException http)
        {
            foreach (var blueprint in blueprints)
            {
                if (blueprint.ErrorHandlers.FindByType(e.GetType(), stopAt: typeof(HttpException)) is { } blueprintBySubclass) return blueprintBySubclass;
                if (blueprint.ErrorHandlers.FindByCode(http.Code) is { } blueprintByCode) return blueprintByCode;
            }
            if (FindAppHandlerByType(e.GetType(), stopAt: typeof(HttpException)) is { } bySubclass) return bySubclass;
            if (_codeHandlers.TryGetValue(http.Code, out var byCode)) return byCode;
        }
        foreach (var blueprint in blueprints)
        {
            if (blueprint.ErrorHandlers.FindByType(e.GetType()) is { } blueprintByType) return blueprintByType;
        }
        return FindAppHandlerByType(e.GetType());
    }

    // The most specific registered type wins, walking up from the exception's own type (to stopAt, excluded).
    private ViewFunction? FindAppHandlerByType(Type exceptionType, Type? stopAt = null)
    {
        for (var type = exceptionType; type is not null && type != stopAt; type = type.BaseType)
        {
            foreach (var (handledType, handler) in _typeHandlers)
            {
                if (handledType == type) return handler;
            }
        }
        return null;
    }
}
