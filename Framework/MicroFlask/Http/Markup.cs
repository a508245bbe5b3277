using System.Net;

namespace MicroFlask;

/// <summary>
/// A string that is already safe to put into HTML, like MarkupSafe's <c>Markup</c>.
/// <see cref="Escape(object?)"/> turns any text into one; the tagged JSON session format keeps the type (tag " m").
/// </summary>
public sealed class Markup : IEquatable<Markup>
{
    /// <summary>Wraps text the caller vouches is safe HTML.</summary>
    public Markup(string html) => Html = html ?? throw new ArgumentNullException(nameof(html));

    /// <summary>The HTML text.</summary>
    public string Html { get; }

    /// <summary>Escapes &amp; &lt; &gt; " and ' so that the text shows as written; markup passes unchanged.</summary>
    public static Markup Escape(object? value) => value switch
    {
        null => new Markup(""),
        Markup m => m,
        _ => new Markup(EscapeText(value.ToString() ?? "")),
    };

    internal static string EscapeText(string text)
    {
        // WebUtility.HtmlEncode leaves ' alone; MarkupSafe escapes it, so attribute values in single quotes stay safe.
        var encoded = WebUtility.HtmlEncode(text);
        return encoded.Contains('\'') ? encoded.Replace("'", "&#39;") : encoded;
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
