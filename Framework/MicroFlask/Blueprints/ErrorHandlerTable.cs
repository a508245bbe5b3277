using MicroFlask.Http;

namespace MicroFlask.Blueprints;

/// <summary>A blueprint's error handlers: by HTTP code, and by exception type (the most derived registered type wins).</summary>
internal sealed class ErrorHandlerTable
{
    private readonly Dictionary<int, Func<Exception, ValueTask<object?>>> _byCode = new();
    private readonly List<(Type Type, Func<Exception, ValueTask<object?>> Handler)> _byType = new();

    internal void Add(int code, Func<HttpException, ValueTask<object?>> handler) =>
        _byCode[code] = e => handler((HttpException)e);

    internal void Add(Type type, Func<Exception, ValueTask<object?>> handler)
    {
        _byType.RemoveAll(h => h.Type == type);
        _byType.Add((type, handler));
    }

    internal Func<Exception, ValueTask<object?>>? FindByCode(int code) => _byCode.GetValueOrDefault(code);

    internal Func<Exception, ValueTask<object?>>? FindByType(Type exceptionType, Type? stopAt = null)
    {
        // Walk up from the exception's own type (to stopAt, excluded), as Flask walks the MRO.
        for (var type = exceptionType; type is not null && type != stopAt; type = type.BaseType)
        {
            foreach (var (handledType, handler) in _byType)
            {
                if (handledType == type) return handler;
            }
        }
        return null;
    }
}
