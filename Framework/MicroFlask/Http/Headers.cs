using System.Collections;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Http;

/// <summary>
/// Response headers: ordered, case-insensitive, several values per name (Set-Cookie), like Werkzeug's <c>Headers</c>.
/// </summary>
public sealed class Headers : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = new(4);

    /// <summary>The number of header lines.</summary>
    public int Count => _items.Count;

    /// <summary>The first value of <paramref name="name"/>, or null. Setting replaces every value.</summary>
    public string? this[string name]
    {
        get => Get(name);
        set
        {
            if (value is null) Remove(name);
            else Set(name, value);
        }
    }

    /// <summary>Adds a header line, keeping the ones already there.</summary>
    public void Add(string name, string value)
    {
        ValidateValue(value);
        _items.Add(new(name, value));
    }

    /// <summary>Replaces every line of <paramref name="name"/> with one.</summary>
    public void Set(string name, string value)
    {
        ValidateValue(value);
        for (var i = 0; i < _items.Count; i++)
        {
            if (!string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) continue;
            _items[i] = new(name, value);
            for (var j = _items.Count - 1; j > i; j--)
            {
                if (string.Equals(_items[j].Key, name, StringComparison.OrdinalIgnoreCase)) _items.RemoveAt(j);
            }
            return;
        }
        _items.Add(new(name, value));
    }

    /// <summary>Sets <paramref name="name"/> only when it is not there yet.</summary>
    public void SetDefault(string name, string value)
    {
        if (!Contains(name)) Add(name, value);
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, name, StringComparison.OrdinalIgnoreCase)) return item.Value;
        }
        return null;
    }

    /// <summary>Every value of <paramref name="name"/>, in order.</summary>
    public StringValues GetAll(string name)
    {
        var values = StringValues.Empty;
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, name, StringComparison.OrdinalIgnoreCase)) values = StringValues.Concat(values, item.Value);
        }
        return values;
    }

    /// <summary>Whether a line of <paramref name="name"/> is there.</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <summary>Removes every line of <paramref name="name"/>; returns whether there was one.</summary>
    public bool Remove(string name) =>
        _items.RemoveAll(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void ValidateValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // A newline in a value would let user input write its own headers (response splitting).
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("Header values must not contain newline characters.", nameof(value));
    }
}
