namespace MicroFlask.Templating;

/// <summary>
/// Flask's <c>render_template</c> for the current app. Add <c>using static MicroFlask.Templating.Templates;</c> and a
/// view reads as in Flask: <c>app.Route("/", () =&gt; RenderTemplate("index.html", new { name = "World" }))</c>.
/// </summary>
public static class Templates
{
    /// <summary>
    /// Renders the Jinja template <paramref name="name"/> from the template folders with the values of
    /// <paramref name="model"/> (an anonymous object or a dictionary) plus Flask's context: <c>request</c>,
    /// <c>session</c>, <c>g</c>, <c>config</c>, the context processors, and the globals <c>url_for</c> and
    /// <c>get_flashed_messages</c>. HTML is escaped in .html, .htm, .xml, .xhtml and .svg templates.
    /// </summary>
    /// <exception cref="TemplateNotFoundException">No template folder has the file (or a template it extends, includes or imports).</exception>
    /// <exception cref="TemplateSyntaxException">The template (or one it uses) does not parse.</exception>
    /// <exception cref="TemplateRuntimeException">An expression fails while rendering.</exception>
    public static string RenderTemplate(string name, object? model = null) => TemplateEngine.For(App.Current).Render(name, model);

    /// <summary>
    /// <see cref="RenderTemplate"/> that reads the template file asynchronously the first time (later renders use the
    /// parsed template from the cache and do no I/O).
    /// </summary>
    public static Task<string> RenderTemplateAsync(string name, object? model = null, CancellationToken cancellationToken = default) =>
        TemplateEngine.For(App.Current).RenderAsync(name, model, cancellationToken);

    /// <summary>Renders Jinja source given as a string, autoescaped, with the same context (Flask's <c>render_template_string</c>).</summary>
    public static string RenderTemplateString(string source, object? model = null) => TemplateEngine.For(App.Current).RenderString(source, model);
}
