namespace MicroFlask.Routing;

/// <summary>
/// The arguments written in a pattern, e.g. <c>&lt;int(min=1, signed=True):n&gt;</c>. Values are
/// <c>bool</c> (True/False), <c>null</c> (None), <c>int</c>/<c>long</c>, <c>double</c> or <c>string</c>
/// (quoted text or a bare word), as Werkzeug reads them.
/// </summary>
public sealed class ConverterArguments
{
    /// <summary>No arguments: the converter was written without parentheses.</summary>
    public static ConverterArguments Empty { get; } = new([], new Dictionary<string, object?>());

    /// <summary>Creates arguments from already parsed values.</summary>
    public ConverterArguments(IReadOnlyList<object?> positional, IReadOnlyDictionary<string, object?> named)
    {
        ArgumentNullException.ThrowIfNull(positional);
        ArgumentNullException.ThrowIfNull(named);
        Positional = positional;
        Named = named;
    }

    /// <summary>Arguments given without a name, in order.</summary>
    public IReadOnlyList<object?> Positional { get; }

    /// <summary>Arguments given as <c>name=value</c>.</summary>
    public IReadOnlyDictionary<string, object?> Named { get; }

    /// <summary>True when there are no arguments at all.</summary>
    public bool IsEmpty => Positional.Count == 0 && Named.Count == 0;
}
