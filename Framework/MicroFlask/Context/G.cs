using AppContext = MicroFlask.Context.AppContext;
using System.Collections.Concurrent;
using MicroFlask.Context;

namespace MicroFlask;

/// <summary>
/// Scratch space for one request (Flask's <c>g</c>): put a database connection or the current user here in a
/// before-request hook and read it in the view. It lives as long as the app context.
/// </summary>
public sealed class G
{
    private readonly ConcurrentDictionary<string, object?> _values = new(StringComparer.Ordinal);

    internal G() { }

    /// <summary>The <c>g</c> of the current app context; throws outside of one.</summary>
    public static G Current => AppContext.Current.G;

    /// <summary>The value of <paramref name="name"/>; <see cref="KeyNotFoundException"/> when unset.</summary>
    public object? this[string name]
    {
        get => _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"g has no attribute '{name}': set it first (G.Current[\"{name}\"] = ...), or read it with G.Current.Get<T>(\"{name}\").");
        set => _values[name] = value;
    }

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>, or <paramref name="defaultValue"/>.</summary>
    public T? Get<T>(string name, T? defaultValue = default) =>
        _values.TryGetValue(name, out var value) && value is T typed ? typed : defaultValue;

    /// <summary>Whether <paramref name="name"/> is set.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>Removes <paramref name="name"/> and returns its value, or <paramref name="defaultValue"/>.</summary>
    public object? Pop(string name, object? defaultValue = null) => _values.TryRemove(name, out var value) ? value : defaultValue;

    /// <summary>The value of <paramref name="name"/>, first setting it to <paramref name="defaultValue"/> when unset.</summary>
    public object? SetDefault(string name, object? defaultValue) => _values.GetOrAdd(name, defaultValue);
}
