using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MicroFlask.Http;

/// <summary>
/// Reads a multipart/form-data body as it streams in, never holding it whole: fields into memory under
/// MAX_FORM_MEMORY_SIZE (all fields together), files into <see cref="SpooledFile"/>s (a temporary file above 500 KB),
/// at most MAX_FORM_PARTS parts. A malformed body is a 400, an oversized one a 413.
/// </summary>
internal static class MultipartFormReader
{
    private const string FieldsTooLarge = "The form data is larger than MAX_FORM_MEMORY_SIZE.";

    /// <summary>
    /// Parses <paramref name="body"/>; each spooled file is handed to <paramref name="owned"/> as soon as it exists, so
    /// that the request deletes it at its end even when the body turns out malformed halfway.
    /// </summary>
    internal static async ValueTask<(MultiDict<string> Form, MultiDict<FileStorage> Files)> ReadAsync(
        MediaTypeHeaderValue mediaType, Stream body, RequestLimits limits, Action<SpooledFile> owned, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        if (string.IsNullOrEmpty(boundary)) throw new HttpException(400, "The multipart body has no boundary.");

        var form = new MultiDict<string>();
        var files = new MultiDict<FileStorage>();
        // No per-section cap of its own (128 MB by default): the body stream bounds the whole body already.
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null };
        var parts = 0;
        long fieldBytes = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (++parts > limits.MaxFormParts) throw new HttpException(413, "Too many form parts (MAX_FORM_PARTS).");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    throw new HttpException(400, "A multipart section has no form-data Content-Disposition.");

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                if (disposition.IsFileDisposition())
                {
                    var spooled = new SpooledFile();
                    owned(spooled);
                    await CopyAsync(section.Body, spooled, cancellationToken);
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                    files.Add(name, new FileStorage(name, fileName, section.ContentType, spooled));
                }
                else
                {
                    var value = await BodyReader.ReadToEndAsync(section.Body, limits.MaxFormMemorySize - fieldBytes, FieldsTooLarge, cancellationToken);
                    fieldBytes += value.Length;
                    form.Add(name, Encoding.UTF8.GetString(value));
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

    private static async ValueTask CopyAsync(Stream section, SpooledFile file, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await section.ReadAsync(chunk, cancellationToken)) > 0) await file.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        await file.CompleteAsync(cancellationToken);
    }
}
