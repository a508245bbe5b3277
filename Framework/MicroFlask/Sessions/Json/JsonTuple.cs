using System.Collections;

namespace MicroFlask.Sessions.Json;

/// <summary>
/// An immutable sequence that is stored as a Python tuple (tag " t") in a Flask session, so that a tuple written by
/// Flask comes back as a tuple and not as a list. Equality is by value, element by element.
/// </summary>
public sealed class JsonTuple : IReadOnlyList<object?>, IEquatable<JsonTuple>
{
    private readonly object?[] _items;

    /// <summary>A tuple of the given items.</summary>
    public JsonTuple(params ReadOnlySpan<object?> items) => _items = items.ToArray();

    /// <summary>A tuple of the items of a sequence.</summary>
    public JsonTuple(IEnumerable<object?> items) => _items = (items ?? throw new ArgumentNullException(nameof(items))).ToArray();

    private JsonTuple(object?[] items, bool _) => _items = items;

    /// <summary>The empty tuple.</summary>
    public static JsonTuple Empty { get; } = new([], false);

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public object? this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(JsonTuple? other) => other is not null && JsonValueEquality.SequenceEquals(_items, other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JsonTuple);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(JsonValueEquality.GetHashCode(item));
        }

        return hash.ToHashCode();
    }

    /// <summary>Python's spelling, e.g. <c>(1, a)</c>.</summary>
    public override string ToString() => "(" + string.Join(", ", _items) + (_items.Length == 1 ? ",)" : ")");

    /// <summary>Wraps an array the caller will not touch again, without copying it.</summary>
    internal static JsonTuple Wrap(object?[] items) => items.Length == 0 ? Empty : new JsonTuple(items, false);
}
