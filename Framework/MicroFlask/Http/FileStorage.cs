namespace MicroFlask.Http;

/// <summary>
/// An uploaded file from a multipart form (Werkzeug's <c>FileStorage</c>). A large upload lives in a temporary file,
/// not in memory; either way it is gone at the end of the request: save it with <see cref="SaveAsync(string, CancellationToken)"/> or read
/// <see cref="Stream"/> inside the view.
/// </summary>
public sealed class FileStorage
{
    private readonly SpooledFile? _spooled;

    /// <summary>Creates an upload holding <paramref name="content"/> (for tests, or files that did not come in a request).</summary>
    public FileStorage(string name, string? fileName, string? contentType, ReadOnlyMemory<byte> content)
        : this(name, fileName, contentType, new MemoryStream(content.ToArray(), writable: false)) { }

    /// <summary>Creates an upload reading from <paramref name="stream"/>, which it does not own.</summary>
    public FileStorage(string name, string? fileName, string? contentType, Stream stream)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Stream = stream ?? throw new ArgumentNullException(nameof(stream));
    }

    internal FileStorage(string name, string? fileName, string? contentType, SpooledFile spooled)
        : this(name, fileName, contentType, spooled.Stream) => _spooled = spooled;

    /// <summary>The form field name.</summary>
    public string Name { get; }

    /// <summary>The file name the client sent; never trust it as a path.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type.</summary>
    public string? ContentType { get; }

    /// <summary>The size in bytes.</summary>
    public long Length => Stream.Length;

    /// <summary>The content, from its start (Werkzeug's <c>stream</c>); reading it moves its position.</summary>
    public Stream Stream { get; }

    /// <summary>The temporary file holding a large upload; null while it is in memory.</summary>
    internal string? TempPath => _spooled?.TempPath;

    /// <summary>Writes the whole content to <paramref name="path"/>, streaming it.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await SaveAsync(file, cancellationToken);
    }

    /// <summary>Copies the whole content to <paramref name="destination"/>, streaming it.</summary>
    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Stream.CanSeek) Stream.Position = 0;
        await Stream.CopyToAsync(destination, cancellationToken);
    }
}
