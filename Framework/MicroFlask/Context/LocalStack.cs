namespace MicroFlask.Context;

/// <summary>
/// A stack local to the current async flow (Werkzeug's <c>LocalStack</c> over a <c>ContextVar</c>). Each push
/// stores a new immutable node, so two requests running at once never share or mutate the same stack.
/// Push and pop from the same async method: writes made inside an awaited async method do not flow back to its caller.
/// </summary>
public sealed class LocalStack<T> where T : class
{
    private readonly AsyncLocal<Node?> _top = new();

    /// <summary>The item on top, or null when the stack is empty.</summary>
    public T? Top => _top.Value?.Item;

    /// <summary>How many items are on the stack.</summary>
    public int Count => _top.Value?.Depth ?? 0;

    /// <summary>Pushes <paramref name="item"/> for the current async flow.</summary>
    public void Push(T item) => _top.Value = new Node(item, _top.Value);

    /// <summary>Removes and returns the top item, or null when empty.</summary>
    public T? Pop()
    {
        var top = _top.Value;
        if (top is null) return null;
        _top.Value = top.Next;
        return top.Item;
    }

    private sealed class Node(T item, Node? next)
    {
        public T Item { get; } = item;
        public Node? Next { get; } = next;
        public int Depth { get; } = (next?.Depth ?? 0) + 1;
    }
}
