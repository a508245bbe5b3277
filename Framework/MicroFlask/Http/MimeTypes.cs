using Microsoft.AspNetCore.StaticFiles;

namespace MicroFlask.Http;

/// <summary>
/// The Content-Type (and Content-Encoding) of a file from its name, as Python's <c>mimetypes.guess_type</c> gives
/// them to Werkzeug: <c>logo.svgz</c> is an SVG image encoded with gzip, <c>app.js.gz</c> JavaScript encoded with gzip.
/// </summary>
internal static class MimeTypes
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // Python's mimetypes.suffix_map and encodings_map.
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.Ordinal)
    {
        [".svgz"] = ".svg.gz", [".tgz"] = ".tar.gz", [".taz"] = ".tar.gz", [".tz"] = ".tar.gz", [".tbz2"] = ".tar.bz2", [".txz"] = ".tar.xz",
    };

    private static readonly Dictionary<string, string> Encodings = new(StringComparer.Ordinal)
    {
        [".gz"] = "gzip", [".Z"] = "compress", [".bz2"] = "bzip2", [".xz"] = "xz", [".br"] = "br",
    };

    // Werkzeug's get_content_type adds a charset to text and to these.
    private static readonly HashSet<string> CharsetTypes = new(StringComparer.Ordinal)
    {
        "application/ecmascript", "application/javascript", "application/sql", "application/xml", "application/xml-dtd",
        "application/xml-external-parsed-entity",
    };

    /// <summary>The Content-Type for <paramref name="fileName"/> (application/octet-stream when unknown) and its encoding, or null.</summary>
    internal static (string ContentType, string? Encoding) Guess(string fileName)
    {
        var name = fileName;
        var extension = Path.GetExtension(name);
        if (Suffixes.TryGetValue(extension, out var replaced)) name = name[..^extension.Length] + replaced;
        string? encoding = null;
        extension = Path.GetExtension(name);
        if (Encodings.TryGetValue(extension, out var found))
        {
            encoding = found;
            name = name[..^extension.Length];
        }
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return (WithCharset(type), encoding);
    }

    /// <summary><paramref name="mimeType"/> with <c>; charset=utf-8</c> when Werkzeug would add it (text, XML, JavaScript).</summary>
    internal static string WithCharset(string mimeType)
    {
        if (mimeType.Contains(';', StringComparison.Ordinal)) return mimeType;
        var text = mimeType.StartsWith("text/", StringComparison.Ordinal) || CharsetTypes.Contains(mimeType) || mimeType.EndsWith("+xml", StringComparison.Ordinal);
        return text ? mimeType + "; charset=utf-8" : mimeType;
    }
}
