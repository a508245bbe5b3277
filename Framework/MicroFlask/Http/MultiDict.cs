using System.Collections;

namespace MicroFlask.Http;

/// <summary>
/// A dictionary that keeps every value sent for a key, in order (Werkzeug's <c>MultiDict</c>), used for query
/// arguments, form fields and files. The indexer and <see cref="Get"/> give the first value.
/// </summary>
public sealed class MultiDict<T> : IReadOnlyDictionary<string, T>
{
    private readonly Dictionary<string, List<T>> _items = new(StringComparer.Ordinal);

    /// <summary>Appends a value for <paramref name="key"/>.</summary>
    public void Add(string key, T value)
    {
        if (!_items.TryGetValue(key, out var values)) _items[key] = values = new List<T>(1);
        values.Add(value);
    }

    /// <summary>
    /// The first value of <paramref name="key"/>; a <see cref="BadRequestKeyException"/> (a 400) when absent, as Werkzeug's
    /// <c>MultiDict</c>: a field the client did not send is the client's fault. Use <see cref="Get"/> for an optional one.
    /// </summary>
    public T this[string key] => _items.TryGetValue(key, out var values)
        ? values[0]
        : throw new BadRequestKeyException(key);

    /// <summary>The first value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public T? Get(string key, T? defaultValue = default) =>
        _items.TryGetValue(key, out var values) ? values[0] : defaultValue;

    /// <summary>Every value of <paramref name="key"/> (empty when absent).</summary>
    public IReadOnlyList<T> GetAll(string key) =>
        _items.TryGetValue(key, out var values) ? values : Array.Empty<T>();

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Keys;

    /// <inheritdoc />
    public IEnumerable<T> Values => _items.Values.Select(v => v[0]);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out T value)
    {
        if (_items.TryGetValue(key, out var values))
        {
            value = values[0];
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Every (key, value) pair, repeated keys included.</summary>
    public IEnumerable<KeyValuePair<string, T>> AllItems() =>
        _items.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, T>(p.Key, v)));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() =>
        _items.Select(p => new KeyValuePair<string, T>(p.Key, p.Value[0])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
