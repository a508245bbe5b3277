using System.Text;

namespace MicroFlask.Templating.Jinja;

/// <summary>MarkupSafe's <c>escape</c>: exactly <c>&amp; &lt; &gt; " '</c>, as <c>&amp;amp; &amp;lt; &amp;gt; &amp;#34; &amp;#39;</c>.</summary>
// TODO(lead): use the core escaper
internal static class HtmlEscaper
{
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny("&<>\"'");
        if (first < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        Append(builder, text.AsSpan(first));
        return builder.ToString();
    }

    public static void Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var next = text.IndexOfAny("&<>\"'");
            if (next < 0)
            {
                builder.Append(text);
                return;
            }
            builder.Append(text[..next]);
            builder.Append(text[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                _ => "&#39;",
            });
            text = text[(next + 1)..];
        }
    }
}
