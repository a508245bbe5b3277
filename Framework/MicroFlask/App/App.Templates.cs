using System.Collections.Concurrent;
using MicroFlask.Views;

namespace MicroFlask;

public partial class App
{
    private readonly List<ViewFunction> _contextProcessors = new();

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
    public App ContextProcessor(Func<IDictionary<string, object?>> processor) =>
        AddHook(_contextProcessors, processor, "context_processor", resultType: typeof(IDictionary<string, object?>));

    /// <summary>
    /// Adds variables to every template's context from a processor whose parameters bind as a view's (a Request,
    /// ISession, G, App or services of the request's scope):
    /// <c>app.ContextProcessor((Users users, ISession session) =&gt; new Dictionary&lt;string, object?&gt; { ["user"] = users.Find(session) })</c>.
    /// It returns the dictionary, synchronously: templates render synchronously.
    /// </summary>
    public App ContextProcessor(Delegate processor) =>
        AddHook(_contextProcessors, processor, "context_processor", resultType: typeof(IDictionary<string, object?>));

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
        foreach (var processor in _contextProcessors) Merge(context, RunContextProcessor(processor, ctx));
        // Outermost blueprint first, as Flask: the innermost one's values win.
        var blueprints = BlueprintsOf(ctx);
        for (var b = blueprints.Length - 1; b >= 0; b--)
        {
            foreach (var processor in blueprints[b].ContextProcessors) Merge(context, RunContextProcessor(processor, ctx));
        }
        foreach (var (key, value) in given) context[key] = value;
    }

    private static IDictionary<string, object?>? RunContextProcessor(ViewFunction processor, Context.RequestContext? ctx)
    {
        if (ctx is null && processor.NeedsRequest)
            throw new InvalidOperationException(
                $"{processor.Description} takes a parameter that needs a request, but this template is rendered outside of one: " +
                "render it inside a request (or app.TestRequestContextAsync()), or take only App and G.");
        // A processor is synchronous (its result type is checked at registration), so the call has completed here.
        return (IDictionary<string, object?>?)processor.InvokeHookAsync(null, ctx).GetAwaiter().GetResult();
    }

    private static void Merge(IDictionary<string, object?> context, IDictionary<string, object?>? values)
    {
        if (values is null) return;
        foreach (var (key, value) in values) context[key] = value;
    }
}
