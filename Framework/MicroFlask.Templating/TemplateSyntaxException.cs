namespace MicroFlask.Templating;

/// <summary>A template that does not parse (Jinja's <c>TemplateSyntaxError</c>): the message names the file and line.</summary>
public sealed class TemplateSyntaxException : Exception
{
    /// <summary>Creates the error for <paramref name="name"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    public TemplateSyntaxException(string name, string? fileName, int line, string reason, Exception? inner = null)
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

    /// <summary>The line of the error, 1-based; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>What is wrong, as the parser said it.</summary>
    public string Reason { get; }
}
