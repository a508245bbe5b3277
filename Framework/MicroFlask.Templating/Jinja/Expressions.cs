using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>An expression of the compiled template: evaluating it gives a value, with Python's semantics.</summary>
internal abstract class Expr
{
    public int Line { get; init; }

    public abstract object? Eval(Scope scope);
}

internal sealed class ConstExpr(object? value) : Expr
{
    public object? Value => value;

    public override object? Eval(Scope scope) => value;
}

internal sealed class NameExpr(string name) : Expr
{
    public string Name => name;

    public override object? Eval(Scope scope) => scope.Resolve(name);
}

/// <summary><c>self</c>: the template's blocks as callables (<c>self.title()</c>), unless the context has its own <c>self</c>.</summary>
internal sealed class SelfExpr : Expr
{
    public override object? Eval(Scope scope) => scope.Resolve("self") is Undefined ? new TemplateReference(scope) : scope.Resolve("self");
}

internal sealed class GetAttrExpr(Expr target, string name) : Expr
{
    public Expr Target => target;

    public string Name => name;

    public override object? Eval(Scope scope) => PyAccess.GetAttr(target.Eval(scope), name);
}

internal sealed class GetItemExpr(Expr target, Expr key) : Expr
{
    public override object? Eval(Scope scope) => PyAccess.GetItem(target.Eval(scope), key.Eval(scope));
}

internal sealed class SliceExpr(Expr target, Expr? start, Expr? stop, Expr? step) : Expr
{
    public override object? Eval(Scope scope) =>
        PyAccess.Slice(target.Eval(scope), start?.Eval(scope), stop?.Eval(scope), step?.Eval(scope));
}

/// <summary>The arguments of a call, filter or test as written: positional, then <c>name=value</c>.</summary>
internal sealed class ArgumentList(Expr[] positional, (string Name, Expr Value)[] named, Expr? starArgs = null, Expr? starStarArgs = null)
{
    public static readonly ArgumentList None = new([], []);

    public TemplateArguments Evaluate(Scope scope, object? extraName = null, string? extraKey = null)
    {
        if (positional.Length == 0 && named.Length == 0 && extraKey is null && starArgs is null && starStarArgs is null)
        {
            return scope.Autoescape ? AutoescapedEmpty : TemplateArguments.Empty;
        }
        var values = new List<object?>(positional.Length);
        foreach (var expression in positional) values.Add(expression.Eval(scope));
        if (starArgs is not null) values.AddRange(PyAccess.Iterate(starArgs.Eval(scope)));
        Dictionary<string, object?>? names = null;
        if (named.Length > 0 || extraKey is not null || starStarArgs is not null)
        {
            names = new Dictionary<string, object?>(named.Length + 1, StringComparer.Ordinal);
            foreach (var (name, expression) in named) names[name] = expression.Eval(scope);
            if (starStarArgs?.Eval(scope) is { } mapping && PyAccess.IsMapping(mapping))
            {
                foreach (var (key, value) in PyAccess.Items(mapping)) names[Py.Str(key)] = value;
            }
            if (extraKey is not null) names[extraKey] = extraName;
        }
        return new TemplateArguments(values, names, scope.Autoescape);
    }

    private static readonly TemplateArguments AutoescapedEmpty = new([], null, autoescape: true);
}

internal sealed class CallExpr(Expr function, ArgumentList arguments) : Expr
{
    public override object? Eval(Scope scope) => EvalWith(scope, null);

    /// <summary>Calls with an extra <c>caller</c> argument, for <c>{% call %}</c>.</summary>
    public object? EvalWith(Scope scope, Macro? caller)
    {
        var target = function.Eval(scope);
        var args = arguments.Evaluate(scope, caller, caller is null ? null : "caller");
        return Invoke(target, args, function);
    }

    internal static object? Invoke(object? target, TemplateArguments args, Expr function)
    {
        switch (target)
        {
            case ICallable callable:
                return callable.Call(args);
            case TemplateFunction templateFunction:
                return templateFunction(args);
            case Undefined undefined:
                throw undefined.Error();
            case Delegate @delegate:
                var parameters = @delegate.Method.GetParameters();
                var values = parameters.Select((p, i) => i < args.Positional.Count
                    ? ClrMethod.Convert(args.Positional[i], p.ParameterType)
                    : args.Named.TryGetValue(p.Name!, out var v) ? ClrMethod.Convert(v, p.ParameterType) : p.DefaultValue).ToArray();
                return @delegate.DynamicInvoke(values);
        }
        var name = function is NameExpr n ? n.Name : function is GetAttrExpr a ? a.Name : "value";
        throw new InvalidOperationException($"'{name}' ({Py.TypeName(target)}) is not callable.");
    }
}

/// <summary><c>x.method(args)</c> in one step: a Python method of a str/dict/list/datetime is called without building a bound method.</summary>
internal sealed class MethodCallExpr(Expr target, string name, ArgumentList arguments) : Expr
{
    public override object? Eval(Scope scope) => EvalWith(scope, null);

    public object? EvalWith(Scope scope, Macro? caller)
    {
        var obj = target.Eval(scope);
        var args = arguments.Evaluate(scope, caller, caller is null ? null : "caller");
        if (obj is not null && obj is not IAttributes && PyMethods.Has(obj, name) && !(obj is G g && g.Contains(name)))
        {
            return PyMethods.Call(obj, name, args);
        }
        return CallExpr.Invoke(PyAccess.GetAttr(obj, name), args, new GetAttrExpr(target, name));
    }
}

internal sealed class FilterExpr(Expr? value, string name, TemplateFilter filter, ArgumentList arguments) : Expr
{
    public string Name => name;

    /// <summary>Applies the filter to a value computed elsewhere (a <c>{% filter %}</c> block's body).</summary>
    public object? Apply(object? input, Scope scope) => filter(input, arguments.Evaluate(scope));

    public override object? Eval(Scope scope) => filter(value!.Eval(scope), arguments.Evaluate(scope));
}

internal sealed class TestExpr(Expr value, TemplateTest test, ArgumentList arguments, bool negated) : Expr
{
    public override object? Eval(Scope scope) => test(value.Eval(scope), arguments.Evaluate(scope)) != negated;
}

internal sealed class NotExpr(Expr operand) : Expr
{
    public override object? Eval(Scope scope) => !Py.Truthy(operand.Eval(scope));
}

internal sealed class NegExpr(Expr operand, bool negate) : Expr
{
    public override object? Eval(Scope scope)
    {
        var value = operand.Eval(scope);
        if (value is Undefined u) throw u.Error();
        if (!Py.IsNumber(value)) throw new InvalidOperationException($"bad operand type for unary {(negate ? "-" : "+")}: {Py.TypeName(value)}.");
        if (!negate) return value is bool b ? (b ? 1L : 0L) : value;
        return Py.IsInteger(value) ? (object)-Py.ToLong(value) : -Py.ToDouble(value);
    }
}

internal sealed class BinaryExpr(string op, Expr left, Expr right) : Expr
{
    public override object? Eval(Scope scope) => Py.Arithmetic(op, left.Eval(scope), right.Eval(scope));
}

internal sealed class AndExpr(Expr left, Expr right) : Expr
{
    public override object? Eval(Scope scope)
    {
        var value = left.Eval(scope);
        return Py.Truthy(value) ? right.Eval(scope) : value;
    }
}

internal sealed class OrExpr(Expr left, Expr right) : Expr
{
    public override object? Eval(Scope scope)
    {
        var value = left.Eval(scope);
        return Py.Truthy(value) ? value : right.Eval(scope);
    }
}

/// <summary><c>a == b</c>, <c>a &lt; b &lt; c</c> (chained as in Python), <c>a in b</c>, <c>a not in b</c>.</summary>
internal sealed class CompareExpr(Expr first, (string Op, Expr Operand)[] rest) : Expr
{
    public override object? Eval(Scope scope)
    {
        var left = first.Eval(scope);
        foreach (var (op, operand) in rest)
        {
            var right = operand.Eval(scope);
            var holds = op switch
            {
                "==" => Py.Equals(left, right),
                "!=" => !Py.Equals(left, right),
                "<" => Py.Compare(left, right) < 0,
                "<=" => Py.Compare(left, right) <= 0,
                ">" => Py.Compare(left, right) > 0,
                ">=" => Py.Compare(left, right) >= 0,
                "in" => Py.Contains(right, left),
                _ => !Py.Contains(right, left),
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }
}

/// <summary><c>a ~ b</c>: strings joined; when autoescaping and one part is Markup, the others are escaped (Jinja's markup_join).</summary>
internal sealed class ConcatExpr(Expr[] parts) : Expr
{
    public override object? Eval(Scope scope)
    {
        var values = new object?[parts.Length];
        var markup = false;
        for (var i = 0; i < parts.Length; i++)
        {
            values[i] = parts[i].Eval(scope);
            markup |= values[i] is Markup;
        }
        var b = new StringBuilder();
        if (markup && scope.Autoescape)
        {
            foreach (var value in values) b.Append(Py.Escape(value));
            return new Markup(b.ToString());
        }
        foreach (var value in values) b.Append(Py.Str(value));
        return b.ToString();
    }
}

internal sealed class CondExpr(Expr test, Expr then, Expr? otherwise) : Expr
{
    public override object? Eval(Scope scope) =>
        Py.Truthy(test.Eval(scope)) ? then.Eval(scope) : otherwise is null ? new Undefined(null) : otherwise.Eval(scope);
}

internal sealed class ListExpr(Expr[] items) : Expr
{
    public override object? Eval(Scope scope)
    {
        var list = new List<object?>(items.Length);
        foreach (var item in items) list.Add(item.Eval(scope));
        return list;
    }
}

internal sealed class TupleExpr(Expr[] items) : Expr
{
    public Expr[] Items => items;

    public override object? Eval(Scope scope) => new PyTuple(items.Select(i => i.Eval(scope)).ToArray());
}

internal sealed class DictExpr((Expr Key, Expr Value)[] items) : Expr
{
    public override object? Eval(Scope scope)
    {
        var dictionary = new Dictionary<string, object?>(items.Length, StringComparer.Ordinal);
        foreach (var (key, value) in items) dictionary[Py.Str(key.Eval(scope))] = value.Eval(scope);
        return dictionary;
    }
}
