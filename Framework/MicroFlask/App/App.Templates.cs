using System.Collections.Concurrent;

namespace MicroFlask;

public partial class App
{
    private readonly List<Func<IDictionary<string, object?>>> _contextProcessors = new();

    /// <summary>The app's template folder, relative to <see cref="RootPath"/> or absolute (Flask's <c>template_folder</c>); null for none.</summary>
    public string? TemplateFolder { get; set; } = "templates";

    /// <summary>
    /// Where extensions keep their per-app state, by name (Flask's <c>app.extensions</c>); the template engine of
    /// MicroFlask.Templating lives here.
    /// </summary>
    public ConcurrentDictionary<string, object> Extensions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The folders templates are looked up in, in order: the app's <see cref="TemplateFolder"/>, then each registered
    /// blueprint's, in registration order (as Flask's loader searches), as absolute paths.
    /// </summary>
    public IReadOnlyList<string> TemplateSearchPath
    {
        get
        {
            var folders = new List<string>();
            if (TemplateFolder is not null) folders.Add(Path.GetFullPath(Path.Combine(RootPath, TemplateFolder)));
            // A blueprint registered under two names (or nested twice) has one folder: searched once.
            foreach (var blueprint in _blueprints.Values.Distinct())
            {
                if (blueprint.TemplateFolder is not null) folders.Add(Path.GetFullPath(Path.Combine(RootPath, blueprint.TemplateFolder)));
            }
            return folders;
        }
    }

    /// <summary>
    /// Adds variables to every template's context (Flask's <c>context_processor</c>):
    /// <c>app.ContextProcessor(() =&gt; new Dictionary&lt;string, object?&gt; { ["user"] = G.Current.Get&lt;string&gt;("user") })</c>.
    /// Runs at each render; values passed to the render call win over it.
    /// </summary>
    public App ContextProcessor(Func<IDictionary<string, object?>> processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        _contextProcessors.Add(processor);
        return this;
    }

    /// <summary>
    /// Fills <paramref name="context"/> with what every template sees (Flask's <c>update_template_context</c>):
    /// <c>request</c>, <c>session</c> and <c>g</c> when there is a request, then the app's context processors and the
    /// current blueprint's (its ancestors' first). Values already in <paramref name="context"/> (the render call's) are kept.
    /// </summary>
    public void UpdateTemplateContext(IDictionary<string, object?> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var given = new Dictionary<string, object?>(context);
        if (Context.AppContext.IsActive) context["g"] = G.Current;
        var ctx = Context.RequestContext.Top;
        if (ctx is not null)
        {
            context["request"] = ctx.Request;
            context["session"] = ctx.Session;
        }
        foreach (var processor in _contextProcessors) Merge(context, processor());
        // Outermost blueprint first, as Flask: the innermost one's values win.
        var blueprints = BlueprintsOf(ctx);
        for (var b = blueprints.Length - 1; b >= 0; b--)
        {
            foreach (var processor in blueprints[b].ContextProcessors) Merge(context, processor());
        }
        foreach (var (key, value) in given) context[key] = value;
    }

    private static void Merge(IDictionary<string, object?> context, IDictionary<string, object?>? values)
    {
        if (values is null) return;
        foreach (var (key, value) in values) context[key] = value;
    }
}
