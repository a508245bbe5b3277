using System.Collections;

namespace MicroFlask.Templating.Jinja;

/// <summary>A Python tuple: <c>(1, 2)</c> in a template, or a pair from <c>dict.items()</c>; prints as Python does.</summary>
internal class PyTuple(object?[] items) : IReadOnlyList<object?>
{
    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

    public override bool Equals(object? obj) => obj is PyTuple other && Py.SequenceEquals(Items, other.Items);

    public override int GetHashCode() => Items.Length;
}

/// <summary>An item of <c>groupby</c>: a <c>(grouper, list)</c> tuple whose parts are also <c>.grouper</c> and <c>.list</c> (Jinja's namedtuple).</summary>
internal sealed class GroupTuple(object? grouper, List<object?> list) : PyTuple([grouper, list]), IAttributes
{
    public object? GetAttribute(string name) => name switch
    {
        "grouper" => grouper,
        "list" => list,
        _ => new Undefined(name),
    };
}
