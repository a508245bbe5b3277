namespace MicroFlask.Http;

/// <summary>
/// wsgi.input as a request may read it (Werkzeug's <c>LimitedStream</c>): at most the body limit, a 413 as soon as the
/// count passes it, a 400 when the body ends before its Content-Length, and the server's read errors as the client's
/// fault (4xx), never a 500. Forward only.
/// </summary>
internal sealed class BodyStream : Stream
{
    private readonly Stream _input;
    private readonly long? _declared;
    private readonly long _limit;
    private long _read;
    private bool _ended;

    internal BodyStream(Stream input, long? declaredLength, bool chunked, long limit)
    {
        _input = input;
        _declared = declaredLength;
        _limit = limit;
        // As Werkzeug: without a Content-Length and not chunked there is no body to read.
        HasBody = declaredLength > 0 || (declaredLength is null && chunked);
        _ended = !HasBody;
    }

    /// <summary>Whether the request announced a body (Content-Length over 0, or chunked).</summary>
    internal bool HasBody { get; }

    /// <summary>The bytes read so far.</summary>
    internal long BytesRead => _read;

    /// <summary>A declared Content-Length over the limit is a 413 before a byte is read.</summary>
    internal void ThrowIfDeclaredTooLarge()
    {
        if (_declared > _limit) throw TooLarge();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.Length == 0) return 0;
        ThrowIfDeclaredTooLarge();
        try
        {
            return Count(await _input.ReadAsync(buffer[..Room(buffer.Length)], cancellationToken));
        }
        catch (Exception e) when (AsClientError(e) is { } error)
        {
            throw error;
        }
    }

    /// <summary>For the synchronous callers a view may bring; Kestrel itself refuses synchronous reads unless allowed.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_ended || count == 0) return 0;
        ThrowIfDeclaredTooLarge();
        try
        {
            return Count(_input.Read(buffer, offset, Room(count)));
        }
        catch (Exception e) when (AsClientError(e) is { } error)
        {
            throw error;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Never asks for more than one byte past the limit (nor past Content-Length), so reading stops right there.</summary>
    private int Room(int wanted) => (int)Math.Min(wanted, Math.Min(_declared ?? long.MaxValue, _limit + 1) - _read);

    private static HttpException? AsClientError(Exception e) => e switch
    {
        // The server gave up on the body (over its MaxRequestBodySize, bad chunking, too slow): the client's fault.
        Microsoft.AspNetCore.Http.BadHttpRequestException bad => new HttpException(bad.StatusCode, "The request body could not be read: " + bad.Message, bad),
        IOException io => new HttpException(400, "The request body could not be read: " + io.Message, io),
        _ => null,
    };

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit) throw TooLarge();
        if (read == 0 || _read == _declared)
        {
            _ended = true;
            if (_read < _declared) throw new HttpException(400, "The request body ended before Content-Length bytes were read.");
        }
        return read;
    }

    private HttpException TooLarge() => new(413,
        $"The request body is larger than the {_limit:N0} bytes allowed. Set MAX_CONTENT_LENGTH to accept larger bodies.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
