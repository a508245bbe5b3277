using System.Globalization;

namespace MicroFlask.Http;

/// <summary>One range of a <c>Range: bytes=...</c> header (Werkzeug's <c>parse_range_header</c> and <c>range_for_length</c>).</summary>
internal static class ByteRange
{
    /// <summary>
    /// The start and length that <paramref name="header"/> asks for in a body of <paramref name="completeLength"/>
    /// bytes; null when it is malformed, asks for several ranges (Werkzeug serves one) or none of them is inside the body.
    /// </summary>
    internal static (long Start, long Length)? Parse(string header, long completeLength)
    {
        var equals = header.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || !header[..equals].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase)) return null;
        var spec = header[(equals + 1)..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal)) return null;
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return null;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // "-500": the last 500 bytes.
            if (!TryParse(last, out var suffix) || suffix == 0) return null;
            var start = Math.Max(0, completeLength - suffix);
            return (start, completeLength - start);
        }
        if (!TryParse(first, out var begin) || begin >= completeLength) return null;
        if (last.Length == 0) return (begin, completeLength - begin);
        if (!TryParse(last, out var end) || end < begin) return null;
        return (begin, Math.Min(end + 1, completeLength) - begin);
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
