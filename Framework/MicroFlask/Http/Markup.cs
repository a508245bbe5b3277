using System.Buffers;
using System.Text;

namespace MicroFlask;

/// <summary>
/// A string that is already safe to put into HTML, like MarkupSafe's <c>Markup</c>.
/// <see cref="Escape(object?)"/> turns any text into one; the tagged JSON session format keeps the type (tag " m").
/// </summary>
public sealed class Markup : IEquatable<Markup>
{
    private static readonly SearchValues<char> Special = SearchValues.Create("&<>'\"");

    /// <summary>Wraps text the caller vouches is safe HTML.</summary>
    public Markup(string html) => Html = html ?? throw new ArgumentNullException(nameof(html));

    /// <summary>The HTML text.</summary>
    public string Html { get; }

    /// <summary>
    /// MarkupSafe's <c>escape</c>: &amp; &lt; &gt; ' and " become <c>&amp;amp; &amp;lt; &amp;gt; &amp;#39; &amp;#34;</c>
    /// and nothing else changes, so that the text shows as written; a <see cref="Markup"/> passes unchanged.
    /// </summary>
    public static Markup Escape(object? value) => value switch
    {
        null => new Markup(""),
        Markup m => m,
        _ => new Markup(EscapeText(value.ToString() ?? "")),
    };

    // The one HTML escaper: Markup, redirects' bodies and the templates all go through it, so that a page reads the
    // same as Flask's byte for byte.
    internal static string EscapeText(string text)
    {
        var first = text.AsSpan().IndexOfAny(Special);
        if (first < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        AppendEscaped(builder, text.AsSpan(first));
        return builder.ToString();
    }

    internal static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var next = text.IndexOfAny(Special);
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
                '\'' => "&#39;",
                _ => "&#34;",
            });
            text = text[(next + 1)..];
        }
    }

    /// <inheritdoc />
    public override string ToString() => Html;

    /// <inheritdoc />
    public bool Equals(Markup? other) => other is not null && other.Html == Html;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Markup);

    /// <inheritdoc />
    public override int GetHashCode() => Html.GetHashCode();
}
