namespace MicroFlask.Templating.Jinja;

/// <summary>
/// The variables a piece of a template sees: its own (a loop's, a macro's arguments, a <c>with</c>), then the
/// enclosing scopes', then the render's context, then the engine's globals; whatever none has is undefined.
/// Also carries what the render is in the middle of: the template (for autoescape and error locations) and the
/// inheritance chain's blocks.
/// </summary>
internal sealed class Scope
{
    private Dictionary<string, object?>? _vars;

    // Set by {% autoescape %} for what it encloses; otherwise the template's own setting applies.
    private readonly bool? _autoescape;

    private Scope(Scope? parent, Dictionary<string, object?>? vars, CompiledTemplate template, Inheritance inheritance, TemplateEngine engine,
        LoopControl loopControl, bool? autoescape, bool newRoot = false)
    {
        Parent = parent;
        _vars = vars;
        Template = template;
        Inheritance = inheritance;
        Engine = engine;
        LoopControl = loopControl;
        _autoescape = autoescape;
        Root = newRoot ? this : parent?.Root ?? this;
    }

    public Scope? Parent { get; }

    /// <summary>The render's context scope (top-level variables): what blocks start from.</summary>
    public Scope Root { get; }

    public CompiledTemplate Template { get; set; }

    public Inheritance Inheritance { get; }

    public TemplateEngine Engine { get; }

    /// <summary>A <c>{% break %}</c> or <c>{% continue %}</c> on its way to its loop, shared by the scopes of one template render.</summary>
    public LoopControl LoopControl { get; }

    public bool Autoescape => _autoescape ?? Template.Autoescape;

    public static Scope CreateRoot(Dictionary<string, object?> context, CompiledTemplate template, TemplateEngine engine) =>
        new(null, context, template, new Inheritance(), engine, new LoopControl(), null);

    public Scope Child() => new(this, null, Template, Inheritance, Engine, LoopControl, _autoescape);

    /// <summary>The scope of an <c>{% autoescape %}</c> block: autoescaping on or off whatever the template's name says.</summary>
    public Scope ChildWithAutoescape(bool autoescape) => new(this, null, Template, Inheritance, Engine, LoopControl, autoescape);

    /// <summary>A scope for another template (an include with context) that still sees this one's variables.</summary>
    public Scope ChildFor(CompiledTemplate template) => new(this, null, template, new Inheritance(), Engine, new LoopControl(), null, newRoot: true);

    /// <summary>A block's scope: the context's variables, not the enclosing loop's (Jinja's blocks are not scoped by default).</summary>
    public Scope ForBlock(CompiledTemplate template, bool scoped) => new(scoped ? this : Root, null, template, Inheritance, Engine, LoopControl, _autoescape);

    public object? Resolve(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._vars is not null && scope._vars.TryGetValue(name, out var value)) return value;
        }
        return Engine.ResolveGlobal(name);
    }

    public void Set(string name, object? value) => (_vars ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    /// <summary>The variables set directly in this scope (an imported template's exports).</summary>
    public IReadOnlyDictionary<string, object?> Own => _vars ?? new Dictionary<string, object?>();
}

/// <summary>The blocks of an inheritance chain, most derived first, and the parent an <c>extends</c> just named.</summary>
internal sealed class Inheritance
{
    public Dictionary<string, List<BlockNode>> Blocks { get; } = new(StringComparer.Ordinal);

    public CompiledTemplate? Parent { get; set; }

    public void Add(CompiledTemplate template)
    {
        foreach (var (name, block) in template.Blocks)
        {
            if (!Blocks.TryGetValue(name, out var stack)) Blocks[name] = stack = new List<BlockNode>(2);
            stack.Add(block);
        }
    }
}

/// <summary>What a <c>{% break %}</c> or <c>{% continue %}</c> asked for: the nodes between it and its loop stop rendering until the loop takes it.</summary>
internal sealed class LoopControl
{
    public LoopSignal Pending { get; set; }
}

internal enum LoopSignal
{
    None,
    Break,
    Continue,
}
