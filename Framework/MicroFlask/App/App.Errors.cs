using System.Diagnostics.CodeAnalysis;
using MicroFlask.Context;
using MicroFlask.Http;

namespace MicroFlask;

public partial class App
{
    private readonly Dictionary<int, Func<HttpException, ValueTask<object?>>> _codeHandlers = new();
    private readonly List<(Type Type, Func<Exception, ValueTask<object?>> Handler)> _typeHandlers = new();

    /// <summary>Handles HTTP error <paramref name="code"/> (404, 500...) with <paramref name="handler"/>, whose result becomes the response.</summary>
    public App ErrorHandler(int code, Func<HttpException, object?> handler)
    {
        _codeHandlers[code] = e => new ValueTask<object?>(handler(e));
        return this;
    }

    /// <summary>Async form of <see cref="ErrorHandler(int, Func{HttpException, object?})"/>.</summary>
    public App ErrorHandlerAsync(int code, Func<HttpException, Task<object?>> handler)
    {
        _codeHandlers[code] = e => new ValueTask<object?>(handler(e));
        return this;
    }

    /// <summary>Handles exceptions of type <typeparamref name="TException"/> (and subclasses) with <paramref name="handler"/>.</summary>
    public App ErrorHandler<TException>(Func<TException, object?> handler) where TException : Exception
    {
        _typeHandlers.RemoveAll(h => h.Type == typeof(TException));
        _typeHandlers.Add((typeof(TException), e => new ValueTask<object?>(handler((TException)e))));
        return this;
    }

    /// <summary>Async form of <see cref="ErrorHandler{TException}(Func{TException, object?})"/>.</summary>
    public App ErrorHandlerAsync<TException>(Func<TException, Task<object?>> handler) where TException : Exception
    {
        _typeHandlers.RemoveAll(h => h.Type == typeof(TException));
        _typeHandlers.Add((typeof(TException), e => new ValueTask<object?>(handler((TException)e))));
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
        if (e is HttpException http && !Config.GetBool("TRAP_HTTP_EXCEPTIONS")) return await HandleHttpExceptionAsync(ctx, http);
        var handler = FindErrorHandler(ctx, e);
        if (handler is null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        return await handler!(e);
    }

    /// <summary>
    /// Handles an HTTP error (Flask's <c>handle_http_exception</c>): its registered handler, else the error itself,
    /// which renders its default page. Routing redirects are never handled.
    /// </summary>
    protected virtual async ValueTask<object?> HandleHttpExceptionAsync(RequestContext ctx, HttpException e)
    {
        if (e is RequestRedirectException) return e;
        var handler = FindErrorHandler(ctx, e);
        return handler is null ? e : await handler(e);
    }

    private Func<Exception, ValueTask<object?>>? FindErrorHandler(RequestContext ctx, Exception e)
    {
        // Flask's order: by code (blueprint, then app), then by type (blueprint, then app).
        var blueprint = BlueprintOf(ctx);
        if (e is HttpException http)
        {
            if (blueprint?.ErrorHandlers.FindByCode(http.Code) is { } blueprintByCode) return blueprintByCode;
            if (_codeHandlers.TryGetValue(http.Code, out var byCode)) return error => byCode((HttpException)error);
        }
        if (blueprint?.ErrorHandlers.FindByType(e.GetType()) is { } blueprintByType) return blueprintByType;

        // The most specific registered type wins, walking up from the exception's own type, as Flask walks the MRO.
        for (var type = e.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var (handledType, handler) in _typeHandlers)
            {
                if (handledType == type) return handler;
            }
        }
        return null;
    }
}
