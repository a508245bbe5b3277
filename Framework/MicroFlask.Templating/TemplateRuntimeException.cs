namespace MicroFlask.Templating;

/// <summary>
/// A template that fails while rendering (Jinja's <c>UndefinedError</c>, a <c>TypeError</c> in an expression, a
/// failing filter): the message names the file and line, the cause is the inner exception.
/// </summary>
public sealed class TemplateRuntimeException : TemplateException
{
    /// <summary>Creates the error for <paramref name="name"/> at <paramref name="line"/>.</summary>
    public TemplateRuntimeException(string name, string? fileName, int line, string reason, Exception? inner = null)
        : base(name, fileName, line, reason, inner)
    {
    }
}
