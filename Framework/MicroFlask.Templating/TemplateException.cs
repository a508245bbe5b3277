namespace MicroFlask.Templating;

/// <summary>
/// A template that cannot be rendered, as Jinja's <c>TemplateError</c>: catch this to handle a syntax error and a
/// rendering error alike. The message names the file and line.
/// </summary>
public abstract class TemplateException : Exception
{
    /// <summary>Creates the error for <paramref name="name"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    private protected TemplateException(string name, string? fileName, int line, string reason, Exception? inner)
        : base($"{fileName ?? name}{(line > 0 ? $", line {line}" : "")}: {reason}", inner)
    {
        Name = name;
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    /// <summary>The template name, e.g. "index.html".</summary>
    public string Name { get; }

    /// <summary>The file the template was read from; null for a template given as a string.</summary>
    public string? FileName { get; }

    /// <summary>The line of the failing tag or expression, 1-based; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>What went wrong.</summary>
    public string Reason { get; }
}
