using HandlebarsDotNet;
using HandlebarsDotNet.IO;
using MicroFlask.Http;

namespace MicroFlask.Templating;

/// <summary>Writes a <see cref="Markup"/> value as it is: it is already safe HTML, as MarkupSafe's strings are in Jinja.</summary>
internal sealed class MarkupFormatter : IFormatterProvider, IFormatter
{
    public bool TryCreateFormatter(Type type, out IFormatter formatter)
    {
        formatter = this;
        return type == typeof(Markup);
    }

    public void Format<T>(T value, in EncodedTextWriter writer)
    {
        if (value is Markup markup) writer.Write(markup.Html, false);
    }
}
