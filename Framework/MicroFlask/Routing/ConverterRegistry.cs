namespace MicroFlask.Routing;

/// <summary>
/// Converter names usable in patterns, each with a factory taking the pattern's arguments. Starts with
/// <c>default</c>/<c>string</c>, <c>int</c>, <c>float</c>, <c>path</c>, <c>uuid</c> and <c>any</c>.
/// </summary>
public sealed class ConverterRegistry
{
    private readonly Dictionary<string, Func<ConverterArguments, RouteConverter>> _factories = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in converters.</summary>
    internal ConverterRegistry()
    {
        Add("default", StringConverter.FromArguments);
        Add("string", StringConverter.FromArguments);
        Add("int", IntegerConverter.FromArguments);
        Add("float", FloatConverter.FromArguments);
        Add("path", PathConverter.FromArguments);
        Add("uuid", UuidConverter.FromArguments);
        Add("any", AnyConverter.FromArguments);
    }

    /// <summary>The registered names.</summary>
    public IEnumerable<string> Names => _factories.Keys;

    /// <summary>
    /// Registers <paramref name="factory"/> under <paramref name="name"/>, replacing any converter of that name
    /// (as assigning <c>url_map.converters[name]</c> does in Flask). Only rules added afterwards use it.
    /// </summary>
    public void Add(string name, Func<ConverterArguments, RouteConverter> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!RuleParser.IsIdentifier(name))
        {
            throw new ArgumentException($"'{name}' cannot be a converter name: use letters, digits and '_', not starting with a digit.", nameof(name));
        }

        _factories[name] = factory;
    }

    /// <summary>Registers a converter that takes no arguments; a pattern giving it some is rejected.</summary>
    public void Add(string name, Func<RouteConverter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Add(name, args => args.IsEmpty
            ? factory()
            : throw new ArgumentException(ConverterParameters.TakesNoArguments(name)));
    }

    /// <summary>Whether <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _factories.ContainsKey(name);

    internal RouteConverter Create(string name, ConverterArguments args)
    {
        if (!_factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"There is no converter '{name}': register it with app.UrlMap.Converters.Add(\"{name}\", ...) before adding the rule. Known converters: {string.Join(", ", _factories.Keys)}.");
        }

        return factory(args) ?? throw new InvalidOperationException($"The factory for converter '{name}' returned null: it must return a RouteConverter.");
    }
}
