using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// The <c>loop</c> variable of a <c>for</c>: <c>index</c>, <c>index0</c>, <c>revindex</c>, <c>first</c>, <c>last</c>,
/// <c>length</c>, <c>cycle(...)</c>…; in a recursive loop, <c>loop(children)</c> renders the body for the children.
/// </summary>
internal sealed class LoopContext(List<object?> items, long depth, Func<object?, object?>? recurse) : IAttributes, ICallable
{
    private object? _lastChanged = Undefined.Instance;

    public int Index0 { get; set; }

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => depth,
        "depth0" => depth - 1,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : new Undefined("previtem"),
        "nextitem" => Index0 < items.Count - 1 ? items[Index0 + 1] : new Undefined("nextitem"),
        "cycle" => new FunctionCallable(a =>
            a.Positional.Count == 0 ? throw new InvalidOperationException("no items for cycling given") : a.Positional[Index0 % a.Positional.Count]),
        "changed" => new FunctionCallable(a =>
        {
            var value = new PyTuple([.. a.Positional]);
            if (Py.Equals(value, _lastChanged)) return false;
            _lastChanged = value;
            return true;
        }),
        _ => new Undefined(name),
    };

    public object? Call(TemplateArguments arguments)
    {
        if (recurse is null) throw new InvalidOperationException("The loop must have the 'recursive' marker to be called recursively.");
        if (arguments.Positional.Count != 1) throw new InvalidOperationException("loop() takes the items to loop over: loop(item.children).");
        return recurse(arguments.Positional[0]);
    }

    public override string ToString() => $"<LoopContext {Index0 + 1}/{items.Count}>";
}

/// <summary>What <c>{% import 'x.html' as x %}</c> gives: the template's top-level macros and variables.</summary>
internal sealed class TemplateModule(string name, IReadOnlyDictionary<string, object?> exports) : IAttributes
{
    public object? GetAttribute(string attribute) => exports.TryGetValue(attribute, out var value) ? value : new Undefined(attribute);

    public override string ToString() => $"<TemplateModule '{name}'>";
}

/// <summary><c>namespace(count=0)</c>: an object whose attributes <c>{% set ns.count = ... %}</c> may change from inside a loop.</summary>
internal sealed class Namespace : IAttributes
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public object? GetAttribute(string name) => Values.TryGetValue(name, out var value) ? value : new Undefined(name);

    public override string ToString() => "<Namespace " + string.Join(", ", Values.Select(p => p.Key + "=" + Py.Repr(p.Value))) + ">";
}

/// <summary>A <c>{% macro %}</c> (or the <c>caller</c> of a <c>{% call %}</c>) as a value: calling it renders its body.</summary>
internal sealed class Macro(string name, string[] parameters, Expr?[] defaults, Node[] body, Scope closure) : ICallable
{
    public string Name => name;

    public object? Call(TemplateArguments arguments) => Invoke(arguments, null);

    public object? Invoke(TemplateArguments arguments, Macro? caller)
    {
        var scope = closure.Child();
        var extra = new List<object?>();
        for (var i = 0; i < arguments.Positional.Count; i++)
        {
            if (i < parameters.Length) scope.Set(parameters[i], arguments.Positional[i]);
            else extra.Add(arguments.Positional[i]);
        }
        var kwargs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in arguments.Named)
        {
            if (key == "caller" && value is Macro given) caller = given;
            else if (Array.IndexOf(parameters, key) >= 0) scope.Set(key, value);
            else kwargs[key] = value;
        }
        for (var i = arguments.Positional.Count; i < parameters.Length; i++)
        {
            if (arguments.Named.ContainsKey(parameters[i])) continue;
            scope.Set(parameters[i], defaults[i] is { } expression ? expression.Eval(scope) : new Undefined(parameters[i]));
        }
        scope.Set("varargs", extra);
        scope.Set("kwargs", kwargs);
        if (caller is not null) scope.Set("caller", caller);
        var output = new StringBuilder();
        Node.RenderAll(body, scope, output);
        return closure.Autoescape ? new Markup(output.ToString()) : output.ToString();
    }

    public override string ToString() => $"<Macro '{name}'>";
}

/// <summary><c>cycler('odd', 'even')</c>: <c>next()</c> gives the items in turn across loops, <c>current</c> the one next() gives next, <c>reset()</c> starts over.</summary>
internal sealed class Cycler : IAttributes
{
    private readonly object?[] _items;
    private int _position;

    public Cycler(object?[] items)
    {
        if (items.Length == 0) throw new InvalidOperationException("at least one item has to be provided");
        _items = items;
    }

    public object? GetAttribute(string name) => name switch
    {
        "current" => _items[_position],
        "next" => new FunctionCallable(_ =>
        {
            var item = _items[_position];
            _position = (_position + 1) % _items.Length;
            return item;
        }),
        "reset" => new FunctionCallable(_ =>
        {
            _position = 0;
            return null;
        }),
        _ => new Undefined(name),
    };
}

/// <summary><c>joiner(', ')</c>: calling it gives nothing the first time and the separator after.</summary>
internal sealed class Joiner(string separator) : ICallable
{
    private bool _used;

    public object? Call(TemplateArguments arguments)
    {
        if (_used) return separator;
        _used = true;
        return "";
    }
}

/// <summary>What <c>self</c> gives: <c>self.title()</c> renders the block <c>title</c> (the most derived one) again.</summary>
internal sealed class TemplateReference(Scope scope) : IAttributes
{
    public object? GetAttribute(string name)
    {
        if (!scope.Inheritance.Blocks.TryGetValue(name, out var stack)) return new Undefined(name);
        return new FunctionCallable(_ =>
        {
            var buffer = new StringBuilder();
            BlockNode.RenderLevel(stack, 0, scope.Root, scoped: false, buffer);
            return scope.Autoescape ? new Markup(buffer.ToString()) : buffer.ToString();
        });
    }

    public override string ToString() => $"<TemplateReference {Py.Repr(scope.Template.Name)}>";
}
