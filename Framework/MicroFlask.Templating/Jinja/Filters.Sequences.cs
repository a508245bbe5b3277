namespace MicroFlask.Templating.Jinja;

/// <summary>The filters that regroup a sequence: <c>groupby</c>, <c>slice</c>, <c>random</c>, and <c>pprint</c>'s sorted repr.</summary>
internal static partial class Filters
{
    /// <summary>
    /// <c>users|groupby('city', default='?', case_sensitive=false)</c>: sorted by the attribute (a dotted path or an
    /// index), then one <c>(grouper, list)</c> per value; without case sensitivity the grouper is the first item's own value.
    /// </summary>
    private static object GroupBy(object? value, TemplateArguments a)
    {
        var attribute = a.Get(0, "attribute") ?? throw new InvalidOperationException("groupby needs the attribute to group by: groupby('city').");
        var fallback = a.Get(1, "default");
        var caseSensitive = Py.Truthy(a.Get(2, "case_sensitive", false));
        object? Key(object? item, bool fold)
        {
            var key = AttrGetter(item, attribute);
            if (fallback is not null && key is Undefined) key = fallback;
            return fold && key is string s ? s.ToLowerInvariant() : key;
        }
        var sorted = PyAccess.Iterate(value).OrderBy(i => Key(i, !caseSensitive), PyComparer).ToList();
        var groups = new List<object?>();
        object? current = null;
        List<object?>? members = null;
        foreach (var item in sorted)
        {
            var key = Key(item, !caseSensitive);
            if (members is null || !Py.Equals(key, current))
            {
                if (members is not null) groups.Add(new GroupTuple(caseSensitive ? current : Key(members[0], false), members));
                current = key;
                members = [];
            }
            members.Add(item);
        }
        if (members is not null) groups.Add(new GroupTuple(caseSensitive ? current : Key(members[0], false), members));
        return groups;
    }

    /// <summary><c>items|slice(3, fill_with)</c>: the items in that many columns, the first ones one longer when it does not divide.</summary>
    private static object Slice(object? value, TemplateArguments a)
    {
        var slices = (int)Py.ToLong(a.Get(0, "slices"));
        if (slices <= 0) throw new InvalidOperationException("slice needs a number of slices above 0.");
        var fill = a.Get(1, "fill_with");
        var items = PyAccess.ToList(value);
        var perSlice = items.Count / slices;
        var withExtra = items.Count % slices;
        var result = new List<object?>(slices);
        var offset = 0;
        for (var i = 0; i < slices; i++)
        {
            var start = offset + i * perSlice;
            if (i < withExtra) offset++;
            var end = offset + (i + 1) * perSlice;
            var column = items.GetRange(start, end - start);
            if (fill is not null and not Undefined && i >= withExtra) column.Add(fill);
            result.Add(column);
        }
        return result;
    }

    private static object? RandomItem(object? value)
    {
        var items = PyAccess.ToList(value);
        return items.Count == 0 ? new Undefined("random") : items[Random.Shared.Next(items.Count)];
    }

    /// <summary>Python's <c>pprint.pformat</c> for values that fit on a line: the repr, with every dictionary's keys sorted.</summary>
    private static string PrettyRepr(object? value) => Py.Repr(SortedForRepr(value));

    private static object? SortedForRepr(object? value)
    {
        switch (value)
        {
            case null or string or Markup or Undefined:
                return value;
            case PyTuple tuple:
                return new PyTuple(tuple.Items.Select(SortedForRepr).ToArray());
            case System.Collections.IList list:
                return list.Cast<object?>().Select(SortedForRepr).ToList();
        }
        if (!PyAccess.IsMapping(value)) return value;
        var sorted = new Dictionary<object, object?>();
        foreach (var (key, item) in PyAccess.Items(value).OrderBy(p => p.Key, PyComparer)) sorted[key!] = SortedForRepr(item);
        return sorted;
    }
}
