using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MicroFlask.Http;

/// <summary>Parses urlencoded and multipart bodies into form fields and files; a malformed body is a 400, an oversized one a 413.</summary>
internal static class FormParser
{
    internal static async ValueTask<(MultiDict<string> Form, MultiDict<FileStorage> Files)> ParseAsync(
        string? contentType, ReadOnlyMemory<byte> body, long maxFormMemory, int maxParts, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            return (new MultiDict<string>(), new MultiDict<FileStorage>());

        if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            if (body.Length > maxFormMemory) throw new HttpException(413, "The form data is larger than MAX_FORM_MEMORY_SIZE.");
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(body.Span);
            }
            catch (DecoderFallbackException e)
            {
                throw new HttpException(400, "The form body is not valid UTF-8.", e);
            }
            return (UrlEncoding.ParseQuery(text, maxParts), new MultiDict<FileStorage>());
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return await ParseMultipartAsync(mediaType, body, maxFormMemory, maxParts, cancellationToken);

        return (new MultiDict<string>(), new MultiDict<FileStorage>());
    }

    private static async ValueTask<(MultiDict<string>, MultiDict<FileStorage>)> ParseMultipartAsync(
        MediaTypeHeaderValue mediaType, ReadOnlyMemory<byte> body, long maxFormMemory, int maxParts, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        if (string.IsNullOrEmpty(boundary)) throw new HttpException(400, "The multipart body has no boundary.");

        var form = new MultiDict<string>();
        var files = new MultiDict<FileStorage>();
        var reader = new MultipartReader(boundary, new MemoryStream(body.ToArray(), writable: false));
        var parts = 0;
        long fieldBytes = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (++parts > maxParts) throw new HttpException(413, "Too many form parts (MAX_FORM_PARTS).");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    throw new HttpException(400, "A multipart section has no form-data Content-Disposition.");

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, cancellationToken);
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                    files.Add(name, new FileStorage(name, fileName, section.ContentType, buffer.ToArray()));
                }
                else
                {
                    fieldBytes += buffer.Length;
                    if (fieldBytes > maxFormMemory) throw new HttpException(413, "The form data is larger than MAX_FORM_MEMORY_SIZE.");
                    form.Add(name, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                }
            }
        }
        catch (IOException e)
        {
            throw new HttpException(400, "The multipart body is malformed: " + e.Message, e);
        }
        catch (InvalidDataException e)
        {
            throw new HttpException(400, "The multipart body is malformed: " + e.Message, e);
        }
        return (form, files);
    }
}
