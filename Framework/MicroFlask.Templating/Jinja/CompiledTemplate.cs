using System.Text;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// A parsed template, ready to render many times: its statements as a tree of nodes that evaluate themselves
/// (parsed once, cached by the engine), its blocks by name, and whether it autoescapes (by file extension, as Flask).
/// </summary>
internal sealed class CompiledTemplate(string name, string? fileName, bool autoescape, Node[] body, Dictionary<string, BlockNode> blocks)
{
    public string Name => name;

    public string? FileName => fileName;

    public bool Autoescape => autoescape;

    public Dictionary<string, BlockNode> Blocks => blocks;

    public Node[] Body => body;

    /// <summary>
    /// Renders this template in <paramref name="scope"/> (a fresh root, or an include's): when it extends a parent,
    /// what follows the <c>extends</c> only declares (sets, macros, imports, blocks), and the parent renders next with
    /// this template's blocks taking precedence over its own.
    /// </summary>
    public void RenderRoot(Scope scope, StringBuilder output)
    {
        var inheritance = scope.Inheritance;
        var template = this;
        while (true)
        {
            inheritance.Add(template);
            inheritance.Parent = null;
            scope.Template = template;
            foreach (var node in template.Body)
            {
                if (inheritance.Parent is not null && !node.RunsAfterExtends) continue;
                node.Execute(scope, output);
            }
            if (inheritance.Parent is null) return;
            template = inheritance.Parent;
        }
    }
}
