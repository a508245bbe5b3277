using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using HandlebarsDotNet;

namespace MicroFlask.Templating;

/// <summary>
/// An app's Handlebars environment (Flask's <c>app.jinja_env</c>): finds templates in
/// <see cref="App.TemplateSearchPath"/>, compiles each once and caches it (checking the file's time on each render
/// when TEMPLATES_AUTO_RELOAD, or DEBUG when that is unset), and adds Flask's template context and the
/// <c>extend</c> / <c>block</c> layout helpers. Get it with <see cref="For"/>; register your own helpers on
/// <see cref="Handlebars"/>.
/// </summary>
public sealed class TemplateEngine
{
    private const string ExtensionKey = "microflask.templating";
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ModelProperties = new();

    private readonly App _app;
    private readonly object _compileLock = new();
    private readonly ConcurrentDictionary<string, CachedTemplate> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrackedFile> _partials = new(StringComparer.Ordinal);

    private TemplateEngine(App app)
    {
        _app = app;
        Handlebars = HandlebarsDotNet.Handlebars.Create();
        Handlebars.Configuration.TextEncoder = new HtmlEncoder();
        Handlebars.Configuration.FormatterProviders.Add(new MarkupFormatter());
        Handlebars.Configuration.ObjectDescriptorProviders.Add(new GDescriptorProvider());
        Handlebars.Configuration.PartialTemplateResolver = new PartialResolver(this);
        LayoutHelpers.Register(Handlebars, this);
        FlaskHelpers.Register(Handlebars);
    }

    /// <summary>The engine of <paramref name="app"/>, created on first use and kept in <see cref="App.Extensions"/>.</summary>
    public static TemplateEngine For(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return (TemplateEngine)app.Extensions.GetOrAdd(ExtensionKey, _ => new TemplateEngine(app));
    }

    /// <summary>The Handlebars environment, to register helpers: <c>engine.Handlebars.RegisterHelper("upper", ...)</c>.</summary>
    public IHandlebars Handlebars { get; }

    /// <summary>Whether templates are re-read when their file changes: TEMPLATES_AUTO_RELOAD, or DEBUG when unset.</summary>
    public bool AutoReload => _app.Config["TEMPLATES_AUTO_RELOAD"] is null ? _app.Debug : _app.Config.GetBool("TEMPLATES_AUTO_RELOAD");

    /// <summary>How many templates are compiled and cached (layouts included, partials not).</summary>
    public int CachedCount => _cache.Count;

    /// <inheritdoc cref="Templates.RenderTemplate"/>
    public string Render(string name, object? model = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var context = BuildContext(model);
        return Execute(GetTemplate(name), context);
    }

    /// <inheritdoc cref="Templates.RenderTemplateAsync"/>
    public async Task<string> RenderAsync(string name, object? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryGetFresh(name, out _)) await LoadAsync(name, cancellationToken);
        return Render(name, model);
    }

    /// <inheritdoc cref="Templates.RenderTemplateString"/>
    public string RenderString(string source, object? model = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var template = Compile(source, "<string>", null);
        return Execute(template, BuildContext(model));
    }

    /// <summary>Forgets every compiled template, so the next render reads the files again.</summary>
    public void ClearCache()
    {
        _cache.Clear();
        _partials.Clear();
    }

    /// <summary>The compiled template <paramref name="name"/>, from the cache when its file has not changed.</summary>
    internal HandlebarsTemplate<TextWriter, object, object> GetTemplate(string name)
    {
        if (TryGetFresh(name, out var cached)) return cached;
        var path = Find(name);
        // The time is read before the text: a write in between is then seen as a change at the next render.
        var modified = File.GetLastWriteTimeUtc(path);
        return CompileAndCache(name, path, modified, File.ReadAllText(path));
    }

    /// <summary>Reads and registers the partial <paramref name="name"/> (a path under a template folder, e.g. "partials/nav.html").</summary>
    internal void RegisterPartial(IHandlebars environment, string name)
    {
        var path = Find(name);
        var modified = File.GetLastWriteTimeUtc(path);
        var source = File.ReadAllText(path);
        lock (_compileLock)
        {
            try
            {
                environment.RegisterTemplate(name, source);
            }
            catch (HandlebarsException e)
            {
                throw SyntaxErrorLocator.Wrap(e, name, path, source);
            }
        }
        _partials[name] = new TrackedFile(path, modified);
    }

    private bool TryGetFresh(string name, out HandlebarsTemplate<TextWriter, object, object> template)
    {
        template = null!;
        if (!_cache.TryGetValue(name, out var cached)) return false;
        template = cached.Template;
        if (!AutoReload) return true;
        RefreshChangedPartials();
        return File.Exists(cached.Path) && File.GetLastWriteTimeUtc(cached.Path) == cached.Modified;
    }

    private void RefreshChangedPartials()
    {
        foreach (var (name, partial) in _partials)
        {
            if (!File.Exists(partial.Path) || File.GetLastWriteTimeUtc(partial.Path) != partial.Modified) RegisterPartial(Handlebars, name);
        }
    }

    private async Task LoadAsync(string name, CancellationToken cancellationToken)
    {
        var path = Find(name);
        var modified = File.GetLastWriteTimeUtc(path);
        CompileAndCache(name, path, modified, await File.ReadAllTextAsync(path, cancellationToken));
    }

    private HandlebarsTemplate<TextWriter, object, object> CompileAndCache(string name, string path, DateTime modified, string source)
    {
        var template = Compile(source, name, path);
        _cache[name] = new CachedTemplate(template, path, modified);
        return template;
    }

    private HandlebarsTemplate<TextWriter, object, object> Compile(string source, string name, string? path)
    {
        // Compiling registers partials and helpers in the shared environment, which is not safe from two threads.
        lock (_compileLock)
        {
            try
            {
                using var reader = new StringReader(source);
                return Handlebars.Compile(reader);
            }
            catch (HandlebarsException e)
            {
                throw SyntaxErrorLocator.Wrap(e, name, path, source);
            }
        }
    }

    private string Find(string name)
    {
        var searchPath = _app.TemplateSearchPath;
        // Template names are paths under a template folder; one that climbs out of it is no template.
        var safe = !Path.IsPathRooted(name) && !name.Split('/', '\\').Contains("..");
        if (safe)
        {
            foreach (var folder in searchPath)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new TemplateNotFoundException(name, searchPath);
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

    private string Execute(HandlebarsTemplate<TextWriter, object, object> template, Dictionary<string, object?> context)
    {
        using var output = new StringWriter();
        using (LayoutHelpers.BeginRender(context))
        {
            template(output, context, null!);
        }
        return output.ToString();
    }

    private sealed record CachedTemplate(HandlebarsTemplate<TextWriter, object, object> Template, string Path, DateTime Modified);

    private sealed record TrackedFile(string Path, DateTime Modified);

    private sealed class PartialResolver(TemplateEngine engine) : IPartialTemplateResolver
    {
        public bool TryRegisterPartial(IHandlebars env, string? partialName, string? templatePath)
        {
            if (partialName is null) return false;
            engine.RegisterPartial(env, partialName);
            return true;
        }
    }
}
