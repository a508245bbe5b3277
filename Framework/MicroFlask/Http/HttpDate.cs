using System.Globalization;

namespace MicroFlask.Http;

/// <summary>HTTP dates (RFC 9110 IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".</summary>
internal static class HttpDate
{
    /// <summary>Formats <paramref name="value"/> in UTC.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>The format of an HTTP date (RFC 9110's IMF-fixdate), for a UTC time.</summary>
    public const string Pattern = "ddd, dd MMM yyyy HH:mm:ss 'GMT'";

    /// <summary>Parses an HTTP date; null when it is not one.</summary>
    public static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
}
