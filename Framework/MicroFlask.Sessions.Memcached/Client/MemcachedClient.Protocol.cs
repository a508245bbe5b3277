using System.Buffers;
using System.Globalization;
using System.Text;

namespace MicroFlask.Sessions.Memcached;

// The text protocol: building command bytes and reading replies.
public sealed partial class MemcachedClient
{
    private async Task<MemcachedItem?> RetrieveAsync(string verb, string key, CancellationToken cancellationToken)
    {
        var keyBytes = MemcachedKey.Encode(key);
        var command = Command(verb, keyBytes, string.Empty);
        var withCas = verb == "gets";
        return await ExecuteAsync(verb, async (connection, token) =>
        {
            await connection.WriteAsync(command, token).ConfigureAwait(false);
            var line = await connection.ReadLineAsync(token).ConfigureAwait(false);
            if (line == "END")
            {
                return null;
            }

            // VALUE <key> <flags> <bytes> [<cas unique>]
            var parts = line.Split(' ');
            if (parts[0] != "VALUE")
            {
                throw UnexpectedReply(verb, line);
            }

            if (parts.Length != (withCas ? 5 : 4)
                || parts[1] != key
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new InvalidDataException($"malformed VALUE line '{line}'");
            }

            ulong cas = 0;
            if (withCas && !ulong.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out cas))
            {
                throw new InvalidDataException($"malformed CAS in '{line}'");
            }

            var value = new byte[length];
            await connection.ReadExactAsync(value, token).ConfigureAwait(false);
            await connection.ReadDataTerminatorAsync(token).ConfigureAwait(false);
            var end = await connection.ReadLineAsync(token).ConfigureAwait(false);
            if (end != "END")
            {
                throw new InvalidDataException($"expected END after the value, got '{end}'");
            }

            return new MemcachedItem(value, cas);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>set / add / cas: sends the header line and the data block; returns the reply line.</summary>
    private Task<string> StoreAsync(
        string verb, string key, ReadOnlyMemory<byte> value, TimeSpan? expiry, ulong? cas, CancellationToken cancellationToken)
    {
        var keyBytes = MemcachedKey.Encode(key);
        if (value.Length > _options.MaxValueSize)
        {
            throw new ArgumentException(
                $"The value is {value.Length} bytes; this client accepts at most {_options.MaxValueSize} " +
                "(MemcachedClientOptions.MaxValueSize, which should match memcached's -I item size).",
                nameof(value));
        }

        var exptime = MemcachedExpiration.ToExptime(expiry, _options.TimeProvider.GetUtcNow());
        // <verb> <key> <flags> <exptime> <bytes> [<cas unique>]\r\n<data>\r\n
        var header = cas is null
            ? string.Create(CultureInfo.InvariantCulture, $" 0 {exptime} {value.Length}")
            : string.Create(CultureInfo.InvariantCulture, $" 0 {exptime} {value.Length} {cas.Value}");

        return ExecuteAsync(verb, async (connection, token) =>
        {
            // One write of header, data and CRLF: with NoDelay, separate writes would go out as separate packets.
            var headerLength = verb.Length + 1 + keyBytes.Length + header.Length + 2;
            var total = headerLength + value.Length + 2;
            var buffer = ArrayPool<byte>.Shared.Rent(total);
            try
            {
                var written = WriteCommand(buffer, verb, keyBytes, header);
                value.Span.CopyTo(buffer.AsSpan(written));
                written += value.Length;
                buffer[written++] = (byte)'\r';
                buffer[written++] = (byte)'\n';
                await connection.WriteAsync(buffer.AsMemory(0, written), token).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return ReplyOrThrow(verb, await connection.ReadLineAsync(token).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>A one-line command with a one-line reply (delete, touch).</summary>
    private Task<string> SimpleAsync(string verb, byte[] command, CancellationToken cancellationToken) =>
        ExecuteAsync(verb, async (connection, token) =>
        {
            await connection.WriteAsync(command, token).ConfigureAwait(false);
            return ReplyOrThrow(verb, await connection.ReadLineAsync(token).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>"&lt;verb&gt; &lt;key&gt;&lt;rest&gt;\r\n" as bytes; the key goes in as its UTF-8 bytes.</summary>
    private static byte[] Command(string verb, byte[] key, string rest)
    {
        var buffer = new byte[verb.Length + 1 + key.Length + rest.Length + 2];
        WriteCommand(buffer, verb, key, rest);
        return buffer;
    }

    private static int WriteCommand(byte[] buffer, string verb, byte[] key, string rest)
    {
        var written = Encoding.ASCII.GetBytes(verb, buffer);
        buffer[written++] = (byte)' ';
        key.CopyTo(buffer, written);
        written += key.Length;
        written += Encoding.ASCII.GetBytes(rest, 0, rest.Length, buffer, written);
        buffer[written++] = (byte)'\r';
        buffer[written++] = (byte)'\n';
        return written;
    }

    /// <summary>Returns a status line, or throws for memcached's three error replies.</summary>
    private string ReplyOrThrow(string verb, string line) =>
        line.StartsWith("ERROR", StringComparison.Ordinal)
        || line.StartsWith("CLIENT_ERROR", StringComparison.Ordinal)
        || line.StartsWith("SERVER_ERROR", StringComparison.Ordinal)
            ? throw UnexpectedReply(verb, line)
            : line;

    private MemcachedException UnexpectedReply(string verb, string line) => line switch
    {
        "ERROR" => new MemcachedException(Server, $"{verb}: the server does not know the command (ERROR)"),
        _ when line.StartsWith("CLIENT_ERROR", StringComparison.Ordinal) =>
            new MemcachedException(Server, $"{verb} rejected by the server: {line}"),
        _ when line.StartsWith("SERVER_ERROR", StringComparison.Ordinal) =>
            new MemcachedException(Server, $"{verb} failed on the server: {line}"),
        _ => new MemcachedException(Server, $"{verb}: unexpected reply '{line}'"),
    };
}
