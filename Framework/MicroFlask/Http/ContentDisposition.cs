using System.Text;

namespace MicroFlask.Http;

/// <summary>The Content-Disposition header of a sent file, written as Werkzeug's <c>send_file</c> writes it.</summary>
internal static class ContentDisposition
{
    // RFC 9110 token characters: a value made only of these goes unquoted, as Werkzeug's quote_header_value.
    private const string TokenPunctuation = "!#$%&'*+-.^_`|~";

    /// <summary>
    /// <c>inline; filename=a.txt</c>, or <c>attachment; ...</c>; a name that is not ASCII gets an ASCII fallback (its
    /// accents dropped) and the exact name in <c>filename*=UTF-8''...</c>.
    /// </summary>
    internal static string Format(bool asAttachment, string downloadName)
    {
        var disposition = asAttachment ? "attachment" : "inline";
        if (Ascii.IsValid(downloadName)) return disposition + "; filename=" + QuoteValue(downloadName);
        var simple = new StringBuilder(downloadName.Length);
        foreach (var c in downloadName.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAscii(c)) simple.Append(c);
        }
        return disposition + "; filename=" + QuoteValue(simple.ToString()) + "; filename*=UTF-8''" + UrlEncoding.QuoteHeaderParameter(downloadName);
    }

    private static string QuoteValue(string value)
    {
        if (value.Length == 0) return "\"\"";
        if (value.All(c => char.IsAsciiLetterOrDigit(c) || TokenPunctuation.Contains(c))) return value;
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
