namespace MicroFlask.Context;

/// <summary>
/// A stack local to the current async flow (Werkzeug's <c>LocalStack</c> over a <c>ContextVar</c>). Each push
/// stores a new immutable node, so two requests running at once never share or mutate the same stack.
/// </summary>
/// <remarks>
/// A pop only marks its node as popped, and every read skips popped nodes. Values an async method writes to an
/// AsyncLocal are dropped when it returns, so a pop that happens after an await (an async teardown hook) could not
/// reach the caller's flow by a write; the mark reaches every flow that holds the node. It also spares each pop a
/// write, which costs a new ExecutionContext: two per request.
/// </remarks>
internal sealed class LocalStack<T> where T : class
{
    private readonly AsyncLocal<Node?> _top = new();

    /// <summary>The item on top, or null when the stack is empty.</summary>
    public T? Top => Live(_top.Value)?.Item;

    /// <summary>How many items are on the stack.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            for (var node = Live(_top.Value); node is not null; node = Live(node.Next)) count++;
            return count;
        }
    }

    /// <summary>Pushes <paramref name="item"/> for the current async flow.</summary>
    public void Push(T item) => _top.Value = new Node(item, Live(_top.Value));

    /// <summary>Removes and returns the top item, or null when empty.</summary>
    public T? Pop()
    {
        var top = Live(_top.Value);
        if (top is null) return null;
        top.Popped = true;
        return top.Item;
    }

    private static Node? Live(Node? node)
    {
        while (node is { Popped: true }) node = node.Next;
        return node;
    }

    private sealed class Node(T item, Node? next)
    {
        public T Item { get; } = item;
        public Node? Next { get; } = next;
        public volatile bool Popped;
    }
}
