using System.Collections;

namespace MicroFlask.Templating.Jinja;

/// <summary>A Python tuple: <c>(1, 2)</c> in a template, or a pair from <c>dict.items()</c>; prints as Python does.</summary>
internal sealed class PyTuple(object?[] items) : IReadOnlyList<object?>
{
    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

    public override bool Equals(object? obj) => obj is PyTuple other && Py.SequenceEquals(Items, other.Items);

    public override int GetHashCode() => Items.Length;
}
