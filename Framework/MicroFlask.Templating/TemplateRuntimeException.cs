namespace MicroFlask.Templating;

/// <summary>
/// A template that fails while rendering (Jinja's <c>UndefinedError</c>, a <c>TypeError</c> in an expression, a
/// failing filter): the message names the file and line, the cause is the inner exception.
/// </summary>
public sealed class TemplateRuntimeException : Exception
{
    /// <summary>Creates the error for <paramref name="name"/> at <paramref name="line"/>.</summary>
    public TemplateRuntimeException(string name, string? fileName, int line, string reason, Exception? inner = null)
        : base($"{fileName ?? name}, line {line}: {reason}", inner)
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

    /// <summary>The line of the failing tag or expression, 1-based.</summary>
    public int Line { get; }

    /// <summary>What went wrong.</summary>
    public string Reason { get; }
}
