using System.Collections;
using System.Globalization;
using MicroFlask;
using MicroFlask.Sessions;

/// <summary>
/// The visitor's to-do items, kept in their session under "todos" as a list of {"id", "title", "done"}
/// dictionaries: plain session values, so any session store keeps them and Flask would read them too.
/// </summary>
public sealed class TodoList
{
    private const string ItemsKey = "todos";
    private const string NextIdKey = "todos_next_id";

    /// <summary>The longest title kept; longer ones are cut, so that one form post cannot bloat the session.</summary>
    public const int MaxTitleLength = 200;

    private readonly ISession _session;

    /// <summary>The list in <paramref name="session"/>.</summary>
    public TodoList(ISession session) => _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <summary>The items, oldest first.</summary>
    public IReadOnlyList<TodoItem> Items => Read();

    /// <summary>Adds an item titled <paramref name="title"/> (trimmed, cut to <see cref="MaxTitleLength"/>).</summary>
    public TodoItem Add(string title)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0) throw new ArgumentException("A to-do needs a title.", nameof(title));
        if (trimmed.Length > MaxTitleLength) trimmed = trimmed[..MaxTitleLength];

        var id = _session.GetLong(NextIdKey, 1);
        var item = new TodoItem(id, trimmed, false);
        var items = Read().Append(item).ToList();
        Write(items);
        _session[NextIdKey] = id + 1;
        return item;
    }

    /// <summary>Marks item <paramref name="id"/> done, or not done again; null when there is no such item.</summary>
    public TodoItem? Toggle(long id)
    {
        var items = Read().ToList();
        var index = items.FindIndex(item => item.Id == id);
        if (index < 0) return null;
        items[index] = items[index] with { Done = !items[index].Done };
        Write(items);
        return items[index];
    }

    /// <summary>Removes item <paramref name="id"/>; returns it, or null when there is no such item.</summary>
    public TodoItem? Remove(long id)
    {
        var items = Read().ToList();
        var item = items.Find(i => i.Id == id);
        if (item is null) return null;
        items.Remove(item);
        Write(items);
        return item;
    }

    /// <summary>Removes every item that is done; returns how many.</summary>
    public int ClearDone()
    {
        var items = Read().ToList();
        var removed = items.RemoveAll(item => item.Done);
        if (removed > 0) Write(items);
        return removed;
    }

    private List<TodoItem> Read()
    {
        // Stored values read back as the store's plain shapes: a list of dictionaries with long ids.
        var items = new List<TodoItem>();
        if (!_session.TryGetValue(ItemsKey, out var stored) || stored is not IEnumerable list) return items;
        foreach (var entry in list)
        {
            if (entry is not IDictionary<string, object?> fields) continue;
            var id = Convert.ToInt64(fields.TryGetValue("id", out var i) ? i : 0, CultureInfo.InvariantCulture);
            var title = fields.TryGetValue("title", out var t) ? t as string ?? "" : "";
            var done = fields.TryGetValue("done", out var d) && d is true;
            items.Add(new TodoItem(id, title, done));
        }
        return items;
    }

    private void Write(IEnumerable<TodoItem> items) =>
        _session[ItemsKey] = items
            .Select(item => (object?)new Dictionary<string, object?> { ["id"] = item.Id, ["title"] = item.Title, ["done"] = item.Done })
            .ToList();
}
