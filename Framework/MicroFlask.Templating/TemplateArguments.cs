using MicroFlask.Templating.Jinja;

namespace MicroFlask.Templating;

/// <summary>
/// What a template passed to a filter, test or function registered from C#: <c>{{ x|shorten(10, end='…') }}</c>
/// arrives as <see cref="Positional"/> <c>[10]</c> and <see cref="Named"/> <c>{end: "…"}</c>.
/// </summary>
public sealed class TemplateArguments
{
    private static readonly Dictionary<string, object?> NoNames = new(StringComparer.Ordinal);

    internal static readonly TemplateArguments Empty = new([], null, autoescape: false);

    internal TemplateArguments(IReadOnlyList<object?> positional, IReadOnlyDictionary<string, object?>? named, bool autoescape)
    {
        Positional = positional;
        Named = named ?? NoNames;
        Autoescape = autoescape;
    }

    /// <summary>The arguments given by position, in order.</summary>
    public IReadOnlyList<object?> Positional { get; }

    /// <summary>The arguments given by name (<c>end='…'</c>).</summary>
    public IReadOnlyDictionary<string, object?> Named { get; }

    /// <summary>Whether the calling template autoescapes (an .html file does), for filters that build HTML.</summary>
    public bool Autoescape { get; }

    /// <summary>The argument at <paramref name="position"/>, else the one called <paramref name="name"/>, else <paramref name="defaultValue"/>, as Python binds parameters.</summary>
    public object? Get(int position, string name, object? defaultValue = null)
    {
        if (position >= 0 && position < Positional.Count) return Positional[position];
        return Named.TryGetValue(name, out var value) ? value : defaultValue;
    }

    /// <summary>Whether <paramref name="value"/> is Jinja's undefined: a name the context does not have.</summary>
    public static bool IsUndefined(object? value) => value is Undefined;
}
