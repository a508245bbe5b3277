namespace MicroFlask.Templating.Jinja;

/// <summary>
/// The globals of Flask's Jinja environment (<c>url_for</c>, <c>get_flashed_messages</c>) and Jinja's own
/// (<c>range</c>, <c>dict</c>, <c>namespace</c>, <c>cycler</c>, <c>joiner</c>, <c>lipsum</c>). <c>config</c>, <c>request</c>, <c>session</c> and <c>g</c> come with
/// each render's context, as Flask's context processor adds them.
/// </summary>
internal static class FlaskGlobals
{
    public static void Register(IDictionary<string, object?> globals, App app)
    {
        globals["url_for"] = new FunctionCallable(a => UrlFor(app, a));
        globals["get_flashed_messages"] = new FunctionCallable(GetFlashedMessages);
        globals["range"] = new FunctionCallable(Range);
        globals["dict"] = new FunctionCallable(Dict);
        globals["cycler"] = new FunctionCallable(a => new Cycler([.. a.Positional]));
        globals["joiner"] = new FunctionCallable(a => new Joiner(Py.Str(a.Get(0, "sep", ", "))));
        globals["lipsum"] = new FunctionCallable(LoremIpsum.Generate);
        globals["namespace"] = new FunctionCallable(a =>
        {
            var space = new Namespace();
            if (a.Positional.Count > 0 && a.Positional[0] is { } initial && PyAccess.IsMapping(initial))
            {
                foreach (var (key, value) in PyAccess.Items(initial)) space.Values[Py.Str(key)] = value;
            }
            foreach (var (key, value) in a.Named) space.Values[key] = value;
            return space;
        });
    }

    /// <summary><c>url_for('blog.update', id=post['id'], _external=True, _anchor='top', _scheme='https', _method='POST')</c>: other names become URL variables or the query string.</summary>
    private static string UrlFor(App app, TemplateArguments a)
    {
        if (a.Positional.Count < 1 || a.Positional[0] is not string endpoint)
        {
            throw new InvalidOperationException("url_for takes the endpoint first: url_for('index').");
        }
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        bool? external = null;
        string? anchor = null, scheme = null, method = null;
        foreach (var (key, value) in a.Named)
        {
            switch (key)
            {
                case "_external": external = Py.Truthy(value); break;
                case "_anchor": anchor = Py.Str(value); break;
                case "_scheme": scheme = Py.Str(value); break;
                case "_method": method = Py.Str(value); break;
                default: values[key] = value is double d && d == Math.Floor(d) ? Py.FloatRepr(d) : value; break;
            }
        }
        return app.UrlFor(endpoint, values, external, anchor, scheme, method);
    }

    /// <summary><c>get_flashed_messages(with_categories=true, category_filter=['error'])</c>; with categories each item is a <c>(category, message)</c> pair.</summary>
    private static object GetFlashedMessages(TemplateArguments a)
    {
        var withCategories = Py.Truthy(a.Get(0, "with_categories", false));
        var filterValue = a.Get(1, "category_filter");
        var filter = filterValue switch
        {
            null or Undefined => [],
            string single => [single],
            _ => PyAccess.Iterate(filterValue).Select(Py.Str).ToArray(),
        };
        if (!withCategories) return Flash.GetMessages(filter).Cast<object?>().ToList();
        return Flash.GetMessagesWithCategories(filter).Select(f => (object?)new PyTuple([f.Category, f.Message])).ToList();
    }

    /// <summary>Python's <c>dict(mapping_or_pairs, **names)</c>.</summary>
    private static object Dict(TemplateArguments a)
    {
        if (a.Positional.Count > 1) throw new InvalidOperationException($"dict expected at most 1 argument, got {a.Positional.Count}");
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (a.Positional.Count == 1 && a.Positional[0] is { } source)
        {
            if (PyAccess.IsMapping(source))
            {
                foreach (var (key, value) in PyAccess.Items(source)) result[Py.Str(key)] = value;
            }
            else
            {
                foreach (var pair in PyAccess.Iterate(source))
                {
                    var parts = PyAccess.ToList(pair);
                    if (parts.Count != 2) throw new InvalidOperationException($"dictionary update sequence element has length {parts.Count}; 2 is required");
                    result[Py.Str(parts[0])] = parts[1];
                }
            }
        }
        foreach (var (key, value) in a.Named) result[key] = value;
        return result;
    }

    private static object Range(TemplateArguments a)
    {
        var args = a.Positional.Select(Py.ToLong).ToArray();
        var (start, stop, step) = args.Length switch
        {
            1 => (0L, args[0], 1L),
            2 => (args[0], args[1], 1L),
            3 => (args[0], args[1], args[2]),
            _ => throw new InvalidOperationException("range expected 1 to 3 arguments."),
        };
        if (step == 0) throw new InvalidOperationException("range() arg 3 must not be zero.");
        var items = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(i);
        return items;
    }
}
