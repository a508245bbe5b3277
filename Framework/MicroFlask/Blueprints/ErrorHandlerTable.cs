using MicroFlask.Views;

namespace MicroFlask.Blueprints;

/// <summary>A blueprint's error handlers: by HTTP code, and by exception type (the most derived registered type wins).</summary>
internal sealed class ErrorHandlerTable
{
    private readonly Dictionary<int, ViewFunction> _byCode = new();
    private readonly List<(Type Type, ViewFunction Handler)> _byType = new();

    /// <summary>Every handler, for the start-up check of their services.</summary>
    internal IEnumerable<ViewFunction> All => _byCode.Values.Concat(_byType.Select(h => h.Handler));

    internal void Add(int code, ViewFunction handler) => _byCode[code] = handler;

    internal void Add(Type type, ViewFunction handler)
    {
        _byType.RemoveAll(h => h.Type == type);
        _byType.Add((type, handler));
    }

    internal ViewFunction? FindByCode(int code) => _byCode.GetValueOrDefault(code);

    internal ViewFunction? FindByType(Type exceptionType, Type? stopAt = null)
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
