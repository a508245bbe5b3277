using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// Jinja's <c>getattr</c> / <c>getitem</c> and iteration over C# values. <c>a.b</c> tries an attribute first
/// (a Python method of str/dict/list/datetime, a C# property or method), then the item <c>a['b']</c>; <c>a['b']</c>
/// tries the item first, then the attribute. A C# member is found by its exact name, else by the PascalCase of a
/// snake_case or lower-case name (<c>post.created_at</c> reads <c>CreatedAt</c>). Whatever is missing is undefined.
/// </summary>
internal static class PyAccess
{
    private static readonly ConcurrentDictionary<Type, MappingKind> Kinds = new();
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Members = new();

    private enum MappingKind { None, StringObject, ReadOnlyStringObject, NonGeneric, Reflected }

    // ---- mappings ----

    public static bool IsMapping(object value) => value is not string && Kind(value.GetType()) != MappingKind.None;

    private static MappingKind Kind(Type type) => Kinds.GetOrAdd(type, static t =>
    {
        if (typeof(IDictionary<string, object?>).IsAssignableFrom(t)) return MappingKind.StringObject;
        if (typeof(IReadOnlyDictionary<string, object?>).IsAssignableFrom(t)) return MappingKind.ReadOnlyStringObject;
        if (typeof(IDictionary).IsAssignableFrom(t)) return MappingKind.NonGeneric;
        foreach (var i in t.GetInterfaces())
        {
            if (!i.IsGenericType) continue;
            var definition = i.GetGenericTypeDefinition();
            if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)) return MappingKind.Reflected;
        }
        return MappingKind.None;
    });

    public static bool TryGetKey(object mapping, object? key, out object? value)
    {
        switch (Kind(mapping.GetType()))
        {
            case MappingKind.StringObject:
                if (key is string s1) return ((IDictionary<string, object?>)mapping).TryGetValue(s1, out value);
                break;
            case MappingKind.ReadOnlyStringObject:
                if (key is string s2) return ((IReadOnlyDictionary<string, object?>)mapping).TryGetValue(s2, out value);
                break;
            case MappingKind.NonGeneric:
                var dictionary = (IDictionary)mapping;
                if (key is not null && dictionary.Contains(key))
                {
                    value = dictionary[key];
                    return true;
                }
                break;
            case MappingKind.Reflected:
                var method = mapping.GetType().GetMethod("TryGetValue");
                var parameters = method?.GetParameters();
                if (method is not null && parameters!.Length == 2 && (key is null || parameters[0].ParameterType.IsInstanceOfType(key)))
                {
                    var args = new[] { key, null };
                    if ((bool)method.Invoke(mapping, args)!)
                    {
                        value = args[1];
                        return true;
                    }
                }
                break;
        }
        value = null;
        return false;
    }

    public static IEnumerable<KeyValuePair<object?, object?>> Items(object mapping)
    {
        switch (mapping)
        {
            case IDictionary<string, object?> d:
                foreach (var (k, v) in d) yield return new(k, v);
                yield break;
            case IReadOnlyDictionary<string, object?> r:
                foreach (var (k, v) in r) yield return new(k, v);
                yield break;
            case IDictionary n:
                foreach (DictionaryEntry e in n) yield return new(e.Key, e.Value);
                yield break;
        }
        foreach (var pair in (IEnumerable)mapping)
        {
            var type = pair.GetType();
            yield return new(type.GetProperty("Key")!.GetValue(pair), type.GetProperty("Value")!.GetValue(pair));
        }
    }

    // ---- iteration ----

    public static IEnumerable<object?> Iterate(object? value)
    {
        switch (value)
        {
            case null:
                throw new InvalidOperationException("'NoneType' object is not iterable.");
            case Undefined:
                return [];
            case string s:
                return s.Select(c => (object?)c.ToString());
            case Markup m:
                return m.Html.Select(c => (object?)c.ToString());
            case List<object?> list:
                return list;
        }
        if (IsMapping(value)) return Items(value).Select(p => p.Key);
        if (value is IEnumerable enumerable) return enumerable.Cast<object?>();
        throw new InvalidOperationException($"{Py.TypeName(value)} object is not iterable.");
    }

    public static List<object?> ToList(object? value) => value is List<object?> list ? list : [.. Iterate(value)];

    // ---- attributes and items ----

    public static object? GetAttr(object? obj, string name)
    {
        switch (obj)
        {
            case null:
                return new Undefined(name);
            case Undefined:
                return new Undefined(name);
            case IAttributes attributes:
                return attributes.GetAttribute(name);
            case G g:
                if (g.Contains(name)) return g[name];
                if (name is "get" or "pop" or "setdefault") return new BoundMethod(obj, name);
                return new Undefined(name);
            case DateTime t:
                switch (name)
                {
                    case "year": return (long)t.Year;
                    case "month": return (long)t.Month;
                    case "day": return (long)t.Day;
                    case "hour": return (long)t.Hour;
                    case "minute": return (long)t.Minute;
                    case "second": return (long)t.Second;
                    case "microsecond": return t.Ticks % TimeSpan.TicksPerSecond / 10;
                }
                break;
        }
        if (PyMethods.Has(obj, name)) return new BoundMethod(obj, name);
        if (IsMapping(obj)) return TryGetKey(obj, name, out var item) ? item : new Undefined(name);
        var member = Member(obj.GetType(), name);
        return member is null ? new Undefined(name) : member(obj);
    }

    public static object? GetItem(object? obj, object? key)
    {
        switch (obj)
        {
            case null:
            case Undefined:
                return new Undefined(key as string);
        }
        if (Py.IsInteger(key) && key is not bool)
        {
            var index = Py.ToLong(key);
            switch (obj)
            {
                case string s:
                    if (index < 0) index += s.Length;
                    return index >= 0 && index < s.Length ? s[(int)index].ToString() : new Undefined(null);
                case IList list:
                    if (index < 0) index += list.Count;
                    return index >= 0 && index < list.Count ? list[(int)index] : new Undefined(null);
                case IReadOnlyList<object?> readOnly:
                    if (index < 0) index += readOnly.Count;
                    return index >= 0 && index < readOnly.Count ? readOnly[(int)index] : new Undefined(null);
            }
        }
        if (IsMapping(obj))
        {
            if (TryGetKey(obj, key, out var value)) return value;
            if (key is long l && TryGetKey(obj, (int)l, out value)) return value;
        }
        if (key is string name) return GetAttr(obj, name);
        return new Undefined(null);
    }

    public static object? Slice(object? obj, object? start, object? stop, object? step)
    {
        var items = obj is string s ? s.Select(c => (object?)c.ToString()).ToList() : ToList(obj);
        var n = items.Count;
        var st = step is null or Undefined ? 1 : (int)Py.ToLong(step);
        if (st == 0) throw new InvalidOperationException("slice step cannot be zero.");
        int Clamp(object? v, int fallback, bool isStart)
        {
            if (v is null or Undefined) return fallback;
            var i = (int)Py.ToLong(v);
            if (i < 0) i += n;
            return st > 0 ? Math.Clamp(i, 0, n) : Math.Clamp(i, -1, n - 1);
        }
        var from = Clamp(start, st > 0 ? 0 : n - 1, true);
        var to = Clamp(stop, st > 0 ? n : -1, false);
        var result = new List<object?>();
        for (var i = from; st > 0 ? i < to : i > to; i += st) result.Add(items[i]);
        if (obj is string) return string.Concat(result.Cast<string>());
        if (obj is PyTuple) return new PyTuple([.. result]);
        return result;
    }

    private static Func<object, object?>? Member(Type type, string name) => Members.GetOrAdd((type, name), static key =>
    {
        var (t, n) = key;
        foreach (var candidate in n == Pascal(n) ? [n] : new[] { n, Pascal(n) })
        {
            var property = t.GetProperty(candidate, BindingFlags.Public | BindingFlags.Instance);
            if (property is not null && property.GetIndexParameters().Length == 0) return property.GetValue;
            var field = t.GetField(candidate, BindingFlags.Public | BindingFlags.Instance);
            if (field is not null) return field.GetValue;
            var methods = t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == candidate && !m.IsGenericMethod).ToArray();
            if (methods.Length > 0) return o => new ClrMethod(o, methods);
        }
        return null;
    });

    /// <summary><c>created_at</c> and <c>title</c> as C# names: <c>CreatedAt</c>, <c>Title</c>.</summary>
    internal static string Pascal(string name)
    {
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? name : string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}

/// <summary>A value that answers attribute reads itself: <c>loop</c>, an imported template, a <c>namespace()</c>.</summary>
internal interface IAttributes
{
    object? GetAttribute(string name);
}

/// <summary>A C# method reached as <c>obj.Method</c>, called with positional arguments.</summary>
internal sealed class ClrMethod(object target, MethodInfo[] overloads) : ICallable
{
    public object? Call(TemplateArguments arguments)
    {
        var args = arguments.Positional;
        foreach (var method in overloads)
        {
            var parameters = method.GetParameters();
            if (parameters.Length < args.Count || parameters.Skip(args.Count).Any(p => !p.HasDefaultValue)) continue;
            var values = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                values[i] = i < args.Count ? Convert(args[i], parameters[i].ParameterType) : parameters[i].DefaultValue;
            }
            return method.Invoke(target, values);
        }
        throw new InvalidOperationException($"{target.GetType().Name}.{overloads[0].Name} takes no {args.Count} argument(s).");
    }

    internal static object? Convert(object? value, Type type)
    {
        if (value is null || type.IsInstanceOfType(value)) return value;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }
}
