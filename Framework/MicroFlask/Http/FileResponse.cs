using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;

namespace MicroFlask.Http;

/// <summary>
/// Builds the response for a file on disk (Werkzeug's <c>send_file</c>): Content-Type from the extension, a strong
/// ETag and Last-Modified, 304 for a matching If-None-Match or If-Modified-Since, and Cache-Control from a max age.
/// Small files are read into the body; larger ones are streamed from disk by <see cref="Response.StreamBody"/>.
/// </summary>
internal static class FileResponse
{
    /// <summary>Files up to this size are read at once; larger ones are streamed.</summary>
    internal const int BufferLimit = 64 * 1024;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    internal static async Task<Response> CreateAsync(FileInfo file, Request request, TimeSpan? maxAge, DateTimeOffset now, string? mimeType = null)
    {
        var lastModified = TruncateToSeconds(file.LastWriteTimeUtc);
        // Strong, as Werkzeug's: size and modification time change whenever the content does, for a static file.
        var etag = "\"" + file.LastWriteTimeUtc.Ticks.ToString("x", CultureInfo.InvariantCulture) + "-" + file.Length.ToString("x", CultureInfo.InvariantCulture) + "\"";

        Response response;
        if (IsNotModified(request, etag, lastModified))
        {
            response = new Response(ReadOnlyMemory<byte>.Empty, 304, contentType: null);
        }
        else if (file.Length <= BufferLimit)
        {
            response = new Response(await File.ReadAllBytesAsync(file.FullName, request.Aborted), 200, mimeType ?? ContentTypeFor(file.Name));
        }
        else
        {
            var path = file.FullName;
            response = new Response(ReadOnlyMemory<byte>.Empty, 200, mimeType ?? ContentTypeFor(file.Name))
            {
                StreamBody = async (output, cancellationToken) =>
                {
                    await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await stream.CopyToAsync(output, 81920, cancellationToken);
                },
            };
            response.Headers.Set("Content-Length", file.Length.ToString(CultureInfo.InvariantCulture));
        }

        response.Headers.Set("ETag", etag);
        response.Headers.Set("Last-Modified", HttpDate.Format(lastModified));
        if (maxAge is { } age && age > TimeSpan.Zero)
        {
            response.Headers.Set("Cache-Control", "public, max-age=" + ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            response.Headers.Set("Expires", HttpDate.Format(now + age));
        }
        else
        {
            // Flask's default (SEND_FILE_MAX_AGE_DEFAULT None): cache, but ask the server every time, answered by a 304.
            response.Headers.Set("Cache-Control", "no-cache");
        }
        return response;
    }

    /// <summary>The Content-Type for a file name, with a UTF-8 charset for text as Werkzeug adds.</summary>
    internal static string ContentTypeFor(string fileName)
    {
        if (!ContentTypes.TryGetContentType(fileName, out var type)) return "application/octet-stream";
        var text = type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml";
        return text ? type + "; charset=utf-8" : type;
    }

    private static bool IsNotModified(Request request, string etag, DateTimeOffset lastModified)
    {
        if (request.Method is not ("GET" or "HEAD")) return false;
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2), with weak comparison.
        if (request.Header("If-None-Match") is { } noneMatch)
        {
            foreach (var candidate in noneMatch.Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || StripWeak(tag) == etag) return true;
            }
            return false;
        }
        return HttpDate.Parse(request.Header("If-Modified-Since")) is { } since && lastModified <= since;
    }

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    private static DateTimeOffset TruncateToSeconds(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
