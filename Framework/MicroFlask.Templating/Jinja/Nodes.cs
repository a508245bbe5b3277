using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>A statement of the compiled template: rendering it appends to the output.</summary>
internal abstract class Node
{
    public int Line { get; init; }

    /// <summary>Whether this runs even after an <c>{% extends %}</c> (which drops the rest of the page's output).</summary>
    public virtual bool RunsAfterExtends => false;

    public static void RenderAll(Node[] nodes, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            node.Execute(scope, output);
            // A break or continue skips the rest of every body up to its loop.
            if (scope.LoopControl.Pending != LoopSignal.None) return;
        }
    }

    public void Execute(Scope scope, StringBuilder output)
    {
        try
        {
            Render(scope, output);
        }
        catch (Exception e) when (e is not (TemplateException or TemplateNotFoundException or HttpException))
        {
            var template = scope.Template;
            throw new TemplateRuntimeException(template.Name, template.FileName, Line, e.Message, e);
        }
    }

    protected abstract void Render(Scope scope, StringBuilder output);

    /// <summary>Appends a value as <c>{{ }}</c> does: Markup as it is, anything else escaped when autoescaping.</summary>
    public static void Write(StringBuilder output, object? value, bool autoescape)
    {
        switch (value)
        {
            case string s:
                if (autoescape) Markup.AppendEscaped(output, s);
                else output.Append(s);
                return;
            case Markup m:
                output.Append(m.Html);
                return;
            case long l:
                output.Append(l);
                return;
            case Undefined:
                return;
        }
        var text = Py.Str(value);
        if (autoescape) Markup.AppendEscaped(output, text);
        else output.Append(text);
    }

    /// <summary>A name (<c>x</c>), a tuple of names (<c>k, v</c>) or an attribute of a namespace (<c>ns.count</c>) getting a value.</summary>
    public static void Assign(Scope scope, object target, object? value)
    {
        switch (target)
        {
            case string name:
                scope.Set(name, value);
                return;
            case (string ns, string attribute):
                if (scope.Resolve(ns) is not Namespace space)
                {
                    throw new InvalidOperationException($"Cannot assign attribute on non-namespace object '{ns}'.");
                }
                space.Values[attribute] = value;
                return;
            case object[] targets:
                var values = value switch
                {
                    System.Collections.DictionaryEntry e => [e.Key, e.Value],
                    _ when value?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) =>
                        [t.GetProperty("Key")!.GetValue(value), t.GetProperty("Value")!.GetValue(value)],
                    _ => PyAccess.ToList(value),
                };
                if (values.Count != targets.Length)
                {
                    throw new InvalidOperationException(values.Count > targets.Length
                        ? $"too many values to unpack (expected {targets.Length})"
                        : $"not enough values to unpack (expected {targets.Length}, got {values.Count})");
                }
                for (var i = 0; i < targets.Length; i++) Assign(scope, targets[i], values[i]);
                return;
        }
    }
}

internal sealed class TextNode(string text) : Node
{
    protected override void Render(Scope scope, StringBuilder output) => output.Append(text);
}

internal sealed class OutputNode(Expr expression) : Node
{
    protected override void Render(Scope scope, StringBuilder output) => Write(output, expression.Eval(scope), scope.Autoescape);
}

internal sealed class IfNode((Expr Test, Node[] Body)[] branches, Node[]? otherwise) : Node
{
    protected override void Render(Scope scope, StringBuilder output)
    {
        foreach (var (test, body) in branches)
        {
            if (!Py.Truthy(test.Eval(scope))) continue;
            RenderAll(body, scope, output);
            return;
        }
        if (otherwise is not null) RenderAll(otherwise, scope, output);
    }
}

/// <summary>
/// <c>{% for target in iterable if filter recursive %}body{% else %}otherwise{% endfor %}</c>. A recursive loop's
/// <c>loop(children)</c> renders the same body for the children, one level deeper, and gives the text.
/// </summary>
internal sealed class ForNode(object target, Expr iterable, Expr? filter, Node[] body, Node[]? otherwise, bool recursive) : Node
{
    protected override void Render(Scope scope, StringBuilder output) => RenderLevel(scope, iterable.Eval(scope), 1, output);

    private void RenderLevel(Scope scope, object? source, long depth, StringBuilder output)
    {
        var items = PyAccess.ToList(source);
        var inner = scope.Child();
        if (filter is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                Assign(inner, target, item);
                if (Py.Truthy(filter.Eval(inner))) kept.Add(item);
            }
            items = kept;
        }
        var loop = new LoopContext(items, depth, recursive ? Recursion(scope, depth) : null);
        inner.Set("loop", loop);
        // As Jinja: the else runs unless one pass through the body reached its end (a continue or break does not).
        var completed = false;
        var control = scope.LoopControl;
        for (var i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            Assign(inner, target, items[i]);
            RenderAll(body, inner, output);
            var signal = control.Pending;
            control.Pending = LoopSignal.None;
            if (signal == LoopSignal.Break) break;
            completed |= signal == LoopSignal.None;
        }
        if (!completed && otherwise is not null) RenderAll(otherwise, scope, output);
    }

    // In a method of its own, so that a loop that is not recursive allocates no closure.
    private Func<object?, object?> Recursion(Scope scope, long depth) => children =>
    {
        var buffer = new StringBuilder();
        RenderLevel(scope, children, depth + 1, buffer);
        return scope.Autoescape ? new Markup(buffer.ToString()) : buffer.ToString();
    };
}

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (the <c>jinja2.ext.loopcontrols</c> extension).</summary>
internal sealed class LoopControlNode(LoopSignal signal) : Node
{
    protected override void Render(Scope scope, StringBuilder output) => scope.LoopControl.Pending = signal;
}

/// <summary><c>{% do expression %}</c> (the <c>jinja2.ext.do</c> extension): evaluates and prints nothing.</summary>
internal sealed class DoNode(Expr expression) : Node
{
    protected override void Render(Scope scope, StringBuilder output) => expression.Eval(scope);
}

/// <summary><c>{% autoescape true %}...{% endautoescape %}</c>: the body autoescapes (or not) whatever the template's name says.</summary>
internal sealed class AutoescapeNode(Expr enabled, Node[] body) : Node
{
    protected override void Render(Scope scope, StringBuilder output) =>
        RenderAll(body, scope.ChildWithAutoescape(Py.Truthy(enabled.Eval(scope))), output);
}

internal sealed class SetNode(object target, Expr value) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output) => Assign(scope, target, value.Eval(scope));
}

internal sealed class SetBlockNode(object target, Node[] body, FilterExpr[] filters) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output)
    {
        var captured = Capture(body, scope);
        // A break or continue inside leaves at once, as in Jinja: the variable is not set.
        if (scope.LoopControl.Pending != LoopSignal.None) return;
        foreach (var filter in filters) captured = filter.Apply(captured, scope);
        Assign(scope, target, captured);
    }

    /// <summary>A body rendered to a value: Markup when autoescaping, as Jinja's block set and macros give.</summary>
    public static object Capture(Node[] body, Scope scope)
    {
        var buffer = new StringBuilder();
        RenderAll(body, scope, buffer);
        return scope.Autoescape ? new Markup(buffer.ToString()) : buffer.ToString();
    }
}

internal sealed class FilterBlockNode(Node[] body, FilterExpr[] filters) : Node
{
    protected override void Render(Scope scope, StringBuilder output)
    {
        var value = SetBlockNode.Capture(body, scope);
        // A break or continue inside leaves at once, as in Jinja: nothing of the block is written.
        if (scope.LoopControl.Pending != LoopSignal.None) return;
        foreach (var filter in filters) value = filter.Apply(value, scope);
        Write(output, value, scope.Autoescape);
    }
}

internal sealed class WithNode((object Target, Expr Value)[] assignments, Node[] body) : Node
{
    protected override void Render(Scope scope, StringBuilder output)
    {
        var inner = scope.Child();
        foreach (var (target, value) in assignments) Assign(inner, target, value.Eval(scope));
        RenderAll(body, inner, output);
    }
}

internal sealed class BlockNode(string name, Node[] body, bool scoped, CompiledTemplateRef owner) : Node
{
    public string Name => name;

    public Node[] Body => body;

    public CompiledTemplate Owner => owner.Template!;

    protected override void Render(Scope scope, StringBuilder output)
    {
        var stack = scope.Inheritance.Blocks.TryGetValue(name, out var blocks) ? blocks : [this];
        RenderLevel(stack, 0, scope, scoped, output);
    }

    /// <summary>A block of the inheritance chain, most derived first, rendered in <paramref name="scope"/>: <c>super()</c> walks up <paramref name="level"/>.</summary>
    internal static void RenderLevel(List<BlockNode> stack, int level, Scope scope, bool scoped, StringBuilder output)
    {
        var block = stack[level];
        var inner = scope.ForBlock(block.Owner, scoped);
        inner.Set("super", new FunctionCallable(_ =>
        {
            if (level + 1 >= stack.Count) throw new InvalidOperationException($"There is no parent block called '{block.Name}'.");
            var buffer = new StringBuilder();
            RenderLevel(stack, level + 1, scope, scoped, buffer);
            return inner.Autoescape ? new Markup(buffer.ToString()) : buffer.ToString();
        }));
        RenderAll(block.Body, inner, output);
    }
}

/// <summary>Lets a block know its template, which is built after its nodes are.</summary>
internal sealed class CompiledTemplateRef
{
    public CompiledTemplate? Template { get; set; }
}

internal sealed class ExtendsNode(Expr parent) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output)
    {
        if (scope.Inheritance.Parent is not null) throw new InvalidOperationException("extended multiple times");
        var value = parent.Eval(scope);
        scope.Inheritance.Parent = value as CompiledTemplate ?? scope.Engine.GetTemplate(Py.Str(value));
    }
}

internal sealed class IncludeNode(Expr name, bool ignoreMissing, bool withContext) : Node
{
    protected override void Render(Scope scope, StringBuilder output)
    {
        var value = name.Eval(scope);
        var names = value is string or Markup ? [Py.Str(value)] : PyAccess.Iterate(value).Select(Py.Str).ToList();
        CompiledTemplate? template = null;
        foreach (var candidate in names)
        {
            template = scope.Engine.TryGetTemplate(candidate);
            if (template is not null) break;
        }
        if (template is null)
        {
            if (ignoreMissing) return;
            throw new TemplateNotFoundException(names.Count == 1 ? names[0] : string.Join(", ", names), scope.Engine.SearchPath);
        }
        var inner = withContext ? scope.ChildFor(template) : Scope.CreateRoot(new(StringComparer.Ordinal), template, scope.Engine);
        template.RenderRoot(inner, output);
    }
}

internal sealed class ImportNode(Expr name, string alias, bool withContext) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output) => scope.Set(alias, Load(scope, name, withContext));

    public static TemplateModule Load(Scope scope, Expr name, bool withContext)
    {
        var template = scope.Engine.GetTemplate(Py.Str(name.Eval(scope)));
        var inner = withContext ? scope.ChildFor(template) : Scope.CreateRoot(new(StringComparer.Ordinal), template, scope.Engine);
        template.RenderRoot(inner, new StringBuilder());
        var exports = withContext ? inner.Own : inner.Root.Own;
        return new TemplateModule(template.Name, exports.Where(p => !p.Key.StartsWith('_')).ToDictionary());
    }
}

internal sealed class FromImportNode(Expr name, (string Name, string Alias)[] names, bool withContext) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output)
    {
        var module = ImportNode.Load(scope, name, withContext);
        foreach (var (exported, alias) in names)
        {
            var value = module.GetAttribute(exported);
            if (value is Undefined) throw new InvalidOperationException($"the template {Py.Repr(Py.Str(name.Eval(scope)))} does not export the requested name {Py.Repr(exported)}.");
            scope.Set(alias, value);
        }
    }
}

internal sealed class MacroNode(string name, string[] parameters, Expr?[] defaults, Node[] body) : Node
{
    public override bool RunsAfterExtends => true;

    protected override void Render(Scope scope, StringBuilder output) => scope.Set(name, new Macro(name, parameters, defaults, body, scope));
}

internal sealed class CallBlockNode(string[] parameters, Expr?[] defaults, Expr call, Node[] body) : Node
{
    protected override void Render(Scope scope, StringBuilder output)
    {
        var caller = new Macro("caller", parameters, defaults, body, scope);
        var value = call switch
        {
            CallExpr c => c.EvalWith(scope, caller),
            MethodCallExpr m => m.EvalWith(scope, caller),
            _ => throw new InvalidOperationException("{% call %} needs a macro call: {% call my_macro() %}."),
        };
        Write(output, value, scope.Autoescape);
    }
}
