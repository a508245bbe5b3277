namespace MicroFlask.Tests.Http;

/// <summary>A body of <c>length</c> bytes made up as it is read, counting what was read; or one that fails any read.</summary>
internal sealed class ProbeStream(long length, bool failIfRead = false) : Stream
{
    internal long BytesRead { get; private set; }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (failIfRead) throw new InvalidOperationException("The body was read.");
        var count = (int)Math.Min(buffer.Length, length - BytesRead);
        buffer.Span[..count].Fill((byte)'x');
        BytesRead += count;
        return ValueTask.FromResult(count);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("A synchronous read.");
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
