using System.Net.Sockets;
using System.Text;

namespace MicroFlask.Sessions.Memcached;

/// <summary>
/// One TCP connection to memcached with a read buffer: reply lines and data blocks are read from the
/// buffer, so a reply split over several packets (or several replies in one) parse the same.
/// Not thread-safe: the pool hands it to one operation at a time.
/// </summary>
internal sealed class MemcachedConnection : IDisposable
{
    // Reply lines are short (the longest, a VALUE line, is about 300 bytes); a longer one means the
    // stream is out of step, not a line to keep reading.
    private const int MaxLineLength = 4096;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private MemcachedConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<MemcachedConnection> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new MemcachedConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// False when the server has closed this idle connection (a restart, an idle timeout): the socket
    /// then reads as ready with nothing to read. Poll with a zero timeout does not block.
    /// </summary>
    public bool IsUsable
    {
        get
        {
            try
            {
                return _socket.Connected && !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _stream.WriteAsync(data, cancellationToken);

    /// <summary>Reads one reply line, without its CRLF.</summary>
    public async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                var lineEnd = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.UTF8.GetString(_buffer, _start, lineEnd - _start); // UTF-8: keys may be non-ASCII
                _start = newline + 1;
                return line;
            }

            if (_end - _start >= MaxLineLength)
            {
                throw new InvalidDataException($"reply line longer than {MaxLineLength} bytes");
            }

            // Filling may move the unread bytes to the front; rescan only what is new.
            var scanned = _end - _start;
            await FillAsync(cancellationToken).ConfigureAwait(false);
            scanFrom = _start + scanned;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes of a data block.</summary>
    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(_end - _start, destination.Length);
        _buffer.AsSpan(_start, buffered).CopyTo(destination.Span);
        _start += buffered;
        destination = destination[buffered..];

        // Large values go straight from the socket into the caller's array, not through the buffer.
        while (!destination.IsEmpty)
        {
            var read = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the server closed the connection in the middle of a value");
            }

            destination = destination[read..];
        }
    }

    /// <summary>Consumes the CRLF that ends a data block.</summary>
    public async ValueTask ReadDataTerminatorAsync(CancellationToken cancellationToken)
    {
        var terminator = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (terminator.Length != 0)
        {
            throw new InvalidDataException("a data block was not followed by CRLF");
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            // Move the unread part to the front to make room.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
