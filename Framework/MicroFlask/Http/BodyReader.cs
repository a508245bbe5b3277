namespace MicroFlask.Http;

/// <summary>Reads a body (or a form field) into memory, never past a bound: one byte over it is a 413.</summary>
internal static class BodyReader
{
    /// <summary>
    /// Reads <paramref name="body"/> to its end; more than <paramref name="max"/> bytes is a 413 with
    /// <paramref name="tooLarge"/>, raised as soon as the count passes it.
    /// </summary>
    internal static async ValueTask<byte[]> ReadToEndAsync(Stream body, long max, string tooLarge, CancellationToken cancellationToken, long? expected = null)
    {
        using var buffer = new MemoryStream(expected is > 0 and < 1 << 20 ? (int)expected : 4096);
        var chunk = new byte[expected is > 0 and < 16384 ? (int)expected + 1 : 16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) throw new HttpException(413, tooLarge);
            buffer.Write(chunk, 0, read);
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
