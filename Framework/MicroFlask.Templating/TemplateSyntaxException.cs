namespace MicroFlask.Templating;

/// <summary>A template that does not parse (Jinja's <c>TemplateSyntaxError</c>): the message names the file and line.</summary>
public sealed class TemplateSyntaxException : TemplateException
{
    /// <summary>Creates the error for <paramref name="name"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    public TemplateSyntaxException(string name, string? fileName, int line, string reason, Exception? inner = null)
        : base(name, fileName, line, reason, inner)
    {
    }
}
