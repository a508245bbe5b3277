using System.Text;
using HandlebarsDotNet;

namespace MicroFlask.Templating;

/// <summary>
/// Escapes as MarkupSafe does in Flask's templates: <c>&amp; &lt; &gt; " '</c> and nothing else, so pages (and
/// URLs in them, whose <c>=</c> Handlebars' own encoder would turn into <c>&amp;#x3D;</c>) read the same as Flask's.
/// </summary>
internal sealed class HtmlEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target)
    {
        if (text is null) return;
        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span) Write(c, target);
        }
    }

    public void Encode(string? text, TextWriter target)
    {
        if (text is null) return;
        foreach (var c in text) Write(c, target);
    }

    public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
    {
        if (text is null) return;
        while (text.MoveNext()) Write(text.Current, target);
    }

    private static void Write(char c, TextWriter target)
    {
        switch (c)
        {
            case '&': target.Write("&amp;"); break;
            case '<': target.Write("&lt;"); break;
            case '>': target.Write("&gt;"); break;
            case '"': target.Write("&#34;"); break;
            case '\'': target.Write("&#39;"); break;
            default: target.Write(c); break;
        }
    }
}
