using System.Text;
using HandlebarsDotNet;
using MicroFlask.Http;

namespace MicroFlask.Templating;

/// <summary>
/// Escapes with <see cref="Markup.Escape(object?)"/>, MarkupSafe's rule in Flask's templates (<c>&amp; &lt; &gt; " '</c>
/// and nothing else), so pages (and URLs in them, whose <c>=</c> Handlebars' own encoder would turn into
/// <c>&amp;#x3D;</c>) read the same as Flask's.
/// </summary>
internal sealed class HtmlEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target)
    {
        if (text is null) return;
        Encode(text.ToString(), target);
    }

    public void Encode(string? text, TextWriter target)
    {
        if (text is null) return;
        target.Write(Markup.Escape(text).Html);
    }

    public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
    {
        if (text is null) return;
        var builder = new StringBuilder();
        while (text.MoveNext()) builder.Append(text.Current);
        Encode(builder.ToString(), target);
    }
}
