using System.Globalization;

namespace MicroFlask.Http;

/// <summary>
/// Builds the response for a file on disk or a stream (Werkzeug's <c>send_file</c>): Content-Type (and Content-Encoding)
/// from the name, Content-Disposition, a strong ETag and Last-Modified for a file, Cache-Control from a max age, and
/// when conditional, 304 for a matching If-None-Match or If-Modified-Since and 206 for a single Range. Small files are
/// read into the body; larger ones and streams are copied to the connection by <see cref="Response.StreamBody"/>.
/// </summary>
internal static class FileResponse
{
    /// <summary>Files up to this size are read at once; larger ones are streamed.</summary>
    internal const int BufferLimit = 64 * 1024;

    private const int CopyBuffer = 81920;

    /// <summary>What <c>send_file</c> was asked for, besides the file itself.</summary>
    internal sealed record Options(
        string? MimeType = null,
        bool AsAttachment = false,
        string? DownloadName = null,
        bool Conditional = true,
        bool ETag = true,
        DateTimeOffset? LastModified = null,
        TimeSpan? MaxAge = null);

    internal static async Task<Response> FromFileAsync(FileInfo file, Request request, Options options, DateTimeOffset now)
    {
        // Strong, as Werkzeug's: size and modification time change whenever the content does, for a static file.
        var etag = options.ETag
            ? "\"" + file.LastWriteTimeUtc.Ticks.ToString("x", CultureInfo.InvariantCulture) + "-" + file.Length.ToString("x", CultureInfo.InvariantCulture) + "\""
            : null;
        var lastModified = options.LastModified ?? new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        var response = Prepare(request, options with { DownloadName = options.DownloadName ?? file.Name }, now, etag, lastModified, file.Length, out var range);
        if (response.StatusCode == 304) return response;

        var (start, length) = range ?? (0, file.Length);
        if (length <= BufferLimit)
        {
            var bytes = new byte[length];
            await using (var stream = Open(file.FullName))
            {
                stream.Position = start;
                await stream.ReadExactlyAsync(bytes, request.Aborted);
            }
            response.Body = bytes;
            return response;
        }
        var path = file.FullName;
        response.StreamBody = async (output, cancellationToken) =>
        {
            await using var stream = Open(path);
            stream.Position = start;
            await CopyAsync(stream, output, length, cancellationToken);
        };
        response.Headers.Set("Content-Length", length.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    /// <summary>The response for <paramref name="stream"/>, read from its position and disposed once sent (or at once for a 304).</summary>
    internal static async Task<Response> FromStreamAsync(Stream stream, Request request, Options options, DateTimeOffset now, string? etag)
    {
        long? size = stream.CanSeek ? stream.Length - stream.Position : null;
        Response response;
        (long Start, long Length)? range;
        try
        {
            response = Prepare(request, options, now, etag, options.LastModified, size, out range);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        if (response.StatusCode == 304)
        {
            await stream.DisposeAsync();
            return response;
        }
        var origin = stream.CanSeek ? stream.Position : 0;
        response.StreamBody = async (output, cancellationToken) =>
        {
            await using (stream)
            {
                if (range is { } part)
                {
                    stream.Position = origin + part.Start;
                    await CopyAsync(stream, output, part.Length, cancellationToken);
                }
                else
                {
                    await stream.CopyToAsync(output, CopyBuffer, cancellationToken);
                }
            }
        };
        var length = range?.Length ?? size;
        if (length is { } known) response.Headers.Set("Content-Length", known.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    /// <summary>
    /// The response's status and headers, its body still empty: 304 when the client's copy is current, 206 with the
    /// range to send when a Range is asked for and can be served, 200 otherwise.
    /// </summary>
    private static Response Prepare(Request request, Options options, DateTimeOffset now, string? etag, DateTimeOffset? lastModified, long? size,
        out (long Start, long Length)? range)
    {
        range = null;
        string contentType;
        string? encoding = null;
        if (options.MimeType is { } given)
        {
            contentType = MimeTypes.WithCharset(given);
        }
        else if (options.DownloadName is { } name)
        {
            (contentType, encoding) = MimeTypes.Guess(name);
        }
        else
        {
            throw new InvalidOperationException(
                "Unable to detect the MIME type because a file name is not available. Either set downloadName, pass a path instead of a stream, or set mimeType.");
        }
        if (options.AsAttachment && options.DownloadName is null)
            throw new InvalidOperationException("No name provided for attachment: set downloadName when sending a stream as an attachment.");

        var response = new Response(ReadOnlyMemory<byte>.Empty, 200, contentType);
        if (options.DownloadName is { } downloadName) response.Headers.Set("Content-Disposition", ContentDisposition.Format(options.AsAttachment, downloadName));
        if (encoding is not null && !options.AsAttachment) response.Headers.Set("Content-Encoding", encoding);
        var modified = lastModified is { } date ? TruncateToSeconds(date) : (DateTimeOffset?)null;
        if (etag is not null) response.Headers.Set("ETag", etag);
        if (modified is { } stamp) response.Headers.Set("Last-Modified", HttpDate.Format(stamp));
        SetCacheControl(response, options.MaxAge, now);

        if (!options.Conditional || request.Method is not ("GET" or "HEAD")) return response;
        range = RangeFor(request, etag, modified, size);
        if (range is { } part)
        {
            response.StatusCode = 206;
            response.Headers.Set("Accept-Ranges", "bytes");
            response.Headers.Set("Content-Range", $"bytes {part.Start}-{part.Start + part.Length - 1}/{size}");
            return response;
        }
        if (!IsModified(request, etag, modified))
        {
            // Werkzeug's make_conditional: a client that also sent If-Match gets a 412, else the 304.
            response.StatusCode = request.Header("If-Match") is { Length: > 0 } ? 412 : 304;
            response.Headers.Remove("Content-Type");
        }
        return response;
    }

    // Flask's default (SEND_FILE_MAX_AGE_DEFAULT None) is "no-cache": cache, but ask the server each time, answered by
    // a 304. A positive max age makes it public; zero keeps no-cache and says so, as Werkzeug.
    private static void SetCacheControl(Response response, TimeSpan? maxAge, DateTimeOffset now)
    {
        if (maxAge is not { } age)
        {
            response.Headers.Set("Cache-Control", "no-cache");
            return;
        }
        var seconds = Math.Max(0, (long)age.TotalSeconds);
        response.Headers.Set("Cache-Control", (seconds > 0 ? "public" : "no-cache") + ", max-age=" + seconds.ToString(CultureInfo.InvariantCulture));
        response.Headers.Set("Expires", HttpDate.Format(now + TimeSpan.FromSeconds(seconds)));
    }

    /// <summary>The range to send, or null for the whole body; a Range that cannot be served is a 416.</summary>
    private static (long Start, long Length)? RangeFor(Request request, string? etag, DateTimeOffset? lastModified, long? size)
    {
        if (request.Header("Range") is not { } header || size is not ({ } complete and > 0)) return null;
        // If-Range: the range only if the client's copy is still current (its ETag or date), else the whole body.
        if (request.Header("If-Range") is { } ifRange)
        {
            var current = ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal)
                ? etag is not null && ifRange == etag
                : HttpDate.Parse(ifRange) is { } since && lastModified is { } date && date <= since;
            if (!current) return null;
        }
        return ByteRange.Parse(header, complete) ?? throw new RangeNotSatisfiableException(complete);
    }

    private static bool IsModified(Request request, string? etag, DateTimeOffset? lastModified)
    {
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2), with weak comparison.
        if (request.Header("If-None-Match") is { } noneMatch)
        {
            if (etag is null) return true;
            foreach (var candidate in noneMatch.Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || StripWeak(tag) == StripWeak(etag)) return false;
            }
            return true;
        }
        return !(HttpDate.Parse(request.Header("If-Modified-Since")) is { } since && lastModified is { } date && date <= since);
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task CopyAsync(Stream source, Stream output, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(CopyBuffer, Math.Max(1, length))];
        while (length > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            length -= read;
        }
    }

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
