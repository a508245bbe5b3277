using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using MicroFlask.Templating.Jinja;

namespace MicroFlask.Templating;

/// <summary>
/// An app's Jinja environment (Flask's <c>app.jinja_env</c>): finds templates in <see cref="App.TemplateSearchPath"/>,
/// parses each once and caches it (checking the file's time on each use when TEMPLATES_AUTO_RELOAD, or DEBUG when that
/// is unset), autoescapes <c>.html .htm .xml .xhtml .svg</c> and strings, and gives templates Flask's context and
/// globals. Get it with <see cref="For"/>; add your own <see cref="Filters"/>, <see cref="Tests"/> and <see cref="Globals"/>.
/// </summary>
public sealed class TemplateEngine
{
    private const string ExtensionKey = "microflask.templating";
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ModelProperties = new();
    private static readonly string[] AutoescapedExtensions = [".html", ".htm", ".xml", ".xhtml", ".svg"];

    internal const string LoopControls = "jinja2.ext.loopcontrols";
    internal const string Do = "jinja2.ext.do";

    // Jinja's extensions MicroFlask has, by module path and by class name, as Jinja's add_extension takes either.
    private static readonly Dictionary<string, string> KnownExtensions = new(StringComparer.Ordinal)
    {
        [LoopControls] = LoopControls,
        ["jinja2.ext.LoopControlExtension"] = LoopControls,
        [Do] = Do,
        ["jinja2.ext.ExprStmtExtension"] = Do,
    };

    private readonly App _app;
    private readonly ConcurrentDictionary<string, CachedTemplate> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extensions = new(StringComparer.Ordinal);

    private TemplateEngine(App app)
    {
        _app = app;
        Jinja.Filters.Register(FiltersTable, this);
        Jinja.Tests.Register(TestsTable, this);
        FlaskGlobals.Register(GlobalsTable, app);
    }

    /// <summary>The engine of <paramref name="app"/>, created on first use and kept in <see cref="App.Extensions"/>.</summary>
    public static TemplateEngine For(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return (TemplateEngine)app.Extensions.GetOrAdd(ExtensionKey, _ => new TemplateEngine(app));
    }

    private Dictionary<string, TemplateFilter> FiltersTable { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, TemplateTest> TestsTable { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, object?> GlobalsTable { get; } = new(StringComparer.Ordinal);

    /// <summary>The filters, Jinja's built-ins first: <c>engine.Filters["shout"] = (value, args) =&gt; $"{value}!"</c>. Register before the first render.</summary>
    public IDictionary<string, TemplateFilter> Filters => FiltersTable;

    /// <summary>The tests of <c>x is name</c>: <c>engine.Tests["short"] = (value, args) =&gt; $"{value}".Length &lt; 5</c>.</summary>
    public IDictionary<string, TemplateTest> Tests => TestsTable;

    /// <summary>
    /// Names every template sees (Flask's <c>jinja_env.globals</c>): <c>url_for</c>, <c>get_flashed_messages</c>,
    /// <c>range</c>, <c>dict</c>, <c>namespace</c>; a <see cref="TemplateFunction"/> value is callable.
    /// </summary>
    public IDictionary<string, object?> Globals => GlobalsTable;

    /// <summary>The Jinja extensions turned on with <see cref="AddExtension"/>, by module path (<c>jinja2.ext.loopcontrols</c>).</summary>
    public IReadOnlyCollection<string> Extensions => _extensions;

    /// <summary>
    /// Turns on one of Jinja's extensions, as Flask's <c>app.jinja_env.add_extension(...)</c>:
    /// <c>"jinja2.ext.loopcontrols"</c> (<c>{% break %}</c> and <c>{% continue %}</c>) or <c>"jinja2.ext.do"</c>
    /// (<c>{% do list.append(x) %}</c>). Without it those tags are a syntax error, as in Flask. Templates parsed
    /// before are parsed again.
    /// </summary>
    public void AddExtension(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!KnownExtensions.TryGetValue(name, out var extension))
        {
            throw new ArgumentException(
                $"MicroFlask has no Jinja extension '{name}'. It has: {string.Join(", ", KnownExtensions.Keys.Where(k => k == KnownExtensions[k]))}.", nameof(name));
        }
        lock (_extensions) _extensions.Add(extension);
        ClearCache();
    }

    internal bool HasExtension(string name) => _extensions.Contains(name);

    /// <summary>Whether templates are re-read when their file changes: TEMPLATES_AUTO_RELOAD, or DEBUG when unset.</summary>
    public bool AutoReload => _app.Config["TEMPLATES_AUTO_RELOAD"] is null ? _app.Debug : _app.Config.GetBool("TEMPLATES_AUTO_RELOAD");

    /// <summary>How many templates are parsed and cached (layouts, includes and imports included).</summary>
    public int CachedCount => _cache.Count;

    internal IReadOnlyList<string> SearchPath => _app.TemplateSearchPath;

    /// <inheritdoc cref="Templates.RenderTemplate"/>
    public string Render(string name, object? model = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Execute(GetTemplate(name), BuildContext(model));
    }

    /// <inheritdoc cref="Templates.RenderTemplateAsync"/>
    public async Task<string> RenderAsync(string name, object? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryGetFresh(name, out var template))
        {
            var path = Find(name) ?? throw new TemplateNotFoundException(name, SearchPath);
            var modified = File.GetLastWriteTimeUtc(path);
            template = CompileAndCache(name, path, modified, await File.ReadAllTextAsync(path, cancellationToken));
        }
        return Execute(template, BuildContext(model));
    }

    /// <inheritdoc cref="Templates.RenderTemplateString"/>
    public string RenderString(string source, object? model = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Execute(Parser.Parse(source, "<template>", null, autoescape: true, this), BuildContext(model));
    }

    /// <summary>Forgets every parsed template, so the next render reads the files again.</summary>
    public void ClearCache() => _cache.Clear();

    /// <summary>Renders the template <paramref name="name"/> with exactly <paramref name="context"/> (no Flask context added): the differential tests' entry point.</summary>
    internal string RenderWith(string name, Dictionary<string, object?> context) => Execute(GetTemplate(name), context);

    internal CompiledTemplate GetTemplate(string name) => TryGetTemplate(name) ?? throw new TemplateNotFoundException(name, SearchPath);

    /// <summary>The parsed template <paramref name="name"/>, from the cache when its file has not changed; null when no folder has it.</summary>
    internal CompiledTemplate? TryGetTemplate(string name)
    {
        if (TryGetFresh(name, out var cached)) return cached;
        var path = Find(name);
        if (path is null) return null;
        // The time is read before the text: a write in between is then seen as a change at the next render.
        var modified = File.GetLastWriteTimeUtc(path);
        return CompileAndCache(name, path, modified, File.ReadAllText(path));
    }

    internal object? ResolveGlobal(string name) => GlobalsTable.TryGetValue(name, out var value) ? value : new Undefined(name);

    private bool TryGetFresh(string name, out CompiledTemplate template)
    {
        template = null!;
        if (!_cache.TryGetValue(name, out var cached)) return false;
        template = cached.Template;
        if (!AutoReload) return true;
        return File.Exists(cached.Path) && File.GetLastWriteTimeUtc(cached.Path) == cached.Modified;
    }

    private CompiledTemplate CompileAndCache(string name, string path, DateTime modified, string source)
    {
        var autoescape = AutoescapedExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        var template = Parser.Parse(source, name, path, autoescape, this);
        _cache[name] = new CachedTemplate(template, path, modified);
        return template;
    }

    private string? Find(string name)
    {
        // Template names are paths under a template folder; one that climbs out of it is no template.
        if (Path.IsPathRooted(name) || name.Split('/', '\\').Contains("..")) return null;
        foreach (var folder in SearchPath)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private Dictionary<string, object?> BuildContext(object? model)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = _app.Config };
        switch (model)
        {
            case null:
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs) context[key] = value;
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary) context[entry.Key.ToString()!] = entry.Value;
                break;
            default:
                var properties = ModelProperties.GetOrAdd(model.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));
                foreach (var property in properties)
                {
                    if (property.GetIndexParameters().Length == 0) context[property.Name] = property.GetValue(model);
                }
                break;
        }
        _app.UpdateTemplateContext(context);
        return context;
    }

    private string Execute(CompiledTemplate template, Dictionary<string, object?> context)
    {
        var output = new StringBuilder(1024);
        template.RenderRoot(Scope.CreateRoot(context, template, this), output);
        return output.ToString();
    }

    private sealed record CachedTemplate(CompiledTemplate Template, string Path, DateTime Modified);
}
