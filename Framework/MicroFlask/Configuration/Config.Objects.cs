using System.Collections;
using System.Reflection;

namespace MicroFlask;

// Flask's from_mapping, from_object and from_file: only upper-case names are settings, so that a class or a mapping
// can hold helpers and lower-case values beside them.
public sealed partial class Config
{
    /// <summary>The app's root, against which <see cref="FromFile"/> resolves a relative path (Flask's <c>Config.root_path</c>).</summary>
    internal Func<string>? RootPath { get; set; }

    /// <summary>
    /// Copies the upper-case keys of <paramref name="mapping"/> (Flask's <c>from_mapping</c>); other keys are ignored.
    /// </summary>
    public Config FromMapping(IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        foreach (var (key, value) in mapping)
        {
            if (IsUpper(key)) this[key] = value;
        }
        return this;
    }

    /// <summary>
    /// Copies the upper-case properties of <paramref name="values"/>, as Flask's <c>from_mapping(SECRET_KEY="dev", ...)</c>:
    /// <c>app.Config.FromMapping(new { SECRET_KEY = "dev", DATABASE = path })</c>. A dictionary is read as one.
    /// </summary>
    public Config FromMapping(object values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => FromMapping(pairs),
            IDictionary dictionary => FromMapping(dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k.ToString()!, dictionary[k]))),
            _ => FromMapping(Members(values.GetType(), values, BindingFlags.Instance)),
        };
    }

    /// <summary>
    /// Copies the upper-case public static fields, constants and properties of <paramref name="type"/> (Flask's
    /// <c>from_object</c> with a class): <c>app.Config.FromObject(typeof(ProductionConfig))</c>. Inherited ones count,
    /// so that a <c>DevelopmentConfig : Config</c> class overrides only what differs.
    /// </summary>
    public Config FromObject(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return FromMapping(Members(type, null, BindingFlags.Static | BindingFlags.FlattenHierarchy));
    }

    /// <summary>
    /// Copies the upper-case public fields and properties of <paramref name="settings"/>, instance and static (Flask's
    /// <c>from_object</c> with an instance).
    /// </summary>
    public Config FromObject(object settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is Type type) return FromObject(type);
        return FromMapping(Members(settings.GetType(), settings, BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy));
    }

    /// <summary>
    /// Loads a file with <paramref name="load"/> and copies the upper-case keys it returns (Flask's <c>from_file</c>):
    /// <c>FromFile("config.json", stream =&gt; JsonSerializer.Deserialize&lt;Dictionary&lt;string, object?&gt;&gt;(stream)!)</c>.
    /// A relative path is resolved against the app's <see cref="App.RootPath"/>. A missing file is an error unless
    /// <paramref name="silent"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist and <paramref name="silent"/> is false.</exception>
    public Config FromFile(string path, Func<Stream, IEnumerable<KeyValuePair<string, object?>>> load, bool silent = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(load);
        var full = RootPath is { } root ? Path.Combine(root(), path) : Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            if (silent) return this;
            throw new FileNotFoundException($"Unable to load configuration file: {full} does not exist. Create it, or pass silent: true.", full);
        }
        using var stream = File.OpenRead(full);
        return FromMapping(load(stream));
    }

    private static IEnumerable<KeyValuePair<string, object?>> Members(Type type, object? target, BindingFlags scope)
    {
        var flags = BindingFlags.Public | scope;
        foreach (var field in type.GetFields(flags))
        {
            if (IsUpper(field.Name)) yield return new(field.Name, field.GetValue(field.IsStatic ? null : target));
        }
        foreach (var property in type.GetProperties(flags))
        {
            if (!IsUpper(property.Name) || !property.CanRead || property.GetIndexParameters().Length > 0) continue;
            yield return new(property.Name, property.GetValue(property.GetMethod!.IsStatic ? null : target));
        }
    }

    // Python's str.isupper: at least one cased letter, and no lower-case one ("SECRET_KEY", "KEY1"; not "Key", not "123").
    private static bool IsUpper(string key) => key.Any(char.IsUpper) && !key.Any(char.IsLower);
}
