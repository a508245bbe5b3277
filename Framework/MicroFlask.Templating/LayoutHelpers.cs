using HandlebarsDotNet;

namespace MicroFlask.Templating;

/// <summary>
/// Template inheritance with two block helpers, as Jinja's <c>{% extends %}</c> and <c>{% block %}</c>:
/// <code>
/// {{#extend "layout.html"}}
///   {{#block "content"}}&lt;p&gt;Hello {{name}}&lt;/p&gt;{{/block}}
/// {{/extend}}
/// </code>
/// and in layout.html <c>{{#block "content"}}default{{/block}}</c> where the page's content goes. Inside
/// <c>extend</c> only blocks count (text between them is dropped, as Jinja does); the layout is rendered with the
/// same variables. A layout may extend another: the block defined nearest the page wins.
/// </summary>
internal static class LayoutHelpers
{
    [ThreadStatic]
    private static RenderState? _current;

    internal static void Register(IHandlebars handlebars, TemplateEngine engine)
    {
        handlebars.RegisterHelper("extend", (HandlebarsBlockHelper)((output, options, context, arguments) =>
        {
            var state = _current ?? throw new InvalidOperationException("The extend helper runs only inside RenderTemplate.");
            var layoutName = arguments.Length == 1 && arguments[0] is string name
                ? name
                : throw new HandlebarsRuntimeException("extend takes one argument, the layout's name: {{#extend \"layout.html\"}}.");

            // Rendering the body only collects its blocks; what it writes is dropped.
            state.Collecting++;
            try
            {
                options.Template();
            }
            finally
            {
                state.Collecting--;
            }
            var layout = engine.GetTemplate(layoutName);
            using var writer = output.CreateWrapper();
            layout(writer, state.Root, null!);
        }));

        handlebars.RegisterHelper("block", (HandlebarsBlockHelper)((output, options, context, arguments) =>
        {
            var state = _current ?? throw new InvalidOperationException("The block helper runs only inside RenderTemplate.");
            var blockName = arguments.Length == 1 && arguments[0] is string name
                ? name
                : throw new HandlebarsRuntimeException("block takes one argument, the block's name: {{#block \"content\"}}.");

            if (state.Collecting > 0)
            {
                // The page's own block is collected first, so a layout further up never replaces it.
                if (state.Blocks.ContainsKey(blockName)) return;
                var saved = state.Collecting;
                state.Collecting = 0;
                try
                {
                    state.Blocks[blockName] = options.Template();
                }
                finally
                {
                    state.Collecting = saved;
                }
                return;
            }
            if (state.Blocks.TryGetValue(blockName, out var html)) output.WriteSafeString(html);
            else options.Template(output, context);
        }));
    }

    /// <summary>Starts a render's block state; disposing restores the outer one (a template rendered from a helper).</summary>
    internal static IDisposable BeginRender(object root)
    {
        var outer = _current;
        _current = new RenderState(root);
        return new Restore(outer);
    }

    private sealed class RenderState(object root)
    {
        public object Root { get; } = root;

        public Dictionary<string, string> Blocks { get; } = new(StringComparer.Ordinal);

        public int Collecting { get; set; }
    }

    private sealed class Restore(RenderState? outer) : IDisposable
    {
        public void Dispose() => _current = outer;
    }
}
