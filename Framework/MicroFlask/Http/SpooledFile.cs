namespace MicroFlask.Http;

/// <summary>
/// Where an uploaded file's bytes go while the multipart body is read (Python's <c>SpooledTemporaryFile</c>, as
/// Werkzeug uses it): memory up to <see cref="MemoryThreshold"/>, then a temporary file that the operating system
/// deletes when it is closed, at the end of the request.
/// </summary>
internal sealed class SpooledFile : IAsyncDisposable
{
    /// <summary>Werkzeug's threshold: 500 KB in memory, then a temporary file.</summary>
    internal const int MemoryThreshold = 500 * 1024;

    private readonly int _threshold;
    private Stream _stream = new MemoryStream();

    internal SpooledFile(int threshold = MemoryThreshold) => _threshold = threshold;

    /// <summary>The temporary file once the content went over the threshold; null while it is in memory.</summary>
    internal string? TempPath { get; private set; }

    /// <summary>The bytes written.</summary>
    internal long Length => _stream.Length;

    /// <summary>The content, positioned at its start once <see cref="CompleteAsync"/> has run.</summary>
    internal Stream Stream => _stream;

    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (TempPath is null && _stream.Length + bytes.Length > _threshold) await RollOverAsync(cancellationToken);
        await _stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Ends the writing: the content is read from its start from now on.</summary>
    internal async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken);
        _stream.Position = 0;
    }

    private async ValueTask RollOverAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "microflask-upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        // DeleteOnClose: the file goes when the request ends, and with the process should the request never end.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        TempPath = path;
        var memory = (MemoryStream)_stream;
        await file.WriteAsync(memory.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken);
        _stream = file;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
