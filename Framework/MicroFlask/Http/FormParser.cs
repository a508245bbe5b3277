using System.Text;
using Microsoft.Net.Http.Headers;

namespace MicroFlask.Http;

/// <summary>
/// Reads a request body by its media type: urlencoded into memory under MAX_FORM_MEMORY_SIZE, multipart streamed
/// (<see cref="MultipartFormReader"/>), anything else into <c>Data</c> under the body limit. A malformed body is a 400,
/// an oversized one a 413.
/// </summary>
internal static class FormParser
{
    internal static async ValueTask<(byte[] Data, MultiDict<string>? Form, MultiDict<FileStorage>? Files)> ParseAsync(
        string? contentType, BodyStream body, long? contentLength, RequestLimits limits, Action<SpooledFile> owned, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType);
        var type = mediaType?.MediaType;
        if (type.HasValue && type.Value.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var (form, files) = await MultipartFormReader.ReadAsync(mediaType!, body, limits, owned, cancellationToken);
            return ([], form, files);
        }
        if (type.HasValue && type.Value.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await BodyReader.ReadToEndAsync(body, limits.MaxFormMemorySize, "The form data is larger than MAX_FORM_MEMORY_SIZE.", cancellationToken, contentLength);
            return (bytes, ParseUrlencoded(bytes, limits.MaxFormParts), null);
        }
        // The body stream itself answers 413 past MAX_CONTENT_LENGTH (or the default cap), as the count passes it.
        var data = await BodyReader.ReadToEndAsync(body, long.MaxValue, "", cancellationToken, contentLength);
        return (data, null, null);
    }

    private static MultiDict<string> ParseUrlencoded(byte[] body, int maxParts)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw new HttpException(400, "The form body is not valid UTF-8.", e);
        }
        return UrlEncoding.ParseQuery(text, maxParts);
    }
}
