namespace MicroFlask.Http;

/// <summary>An uploaded file from a multipart form (Werkzeug's <c>FileStorage</c>).</summary>
public sealed class FileStorage
{
    private readonly ReadOnlyMemory<byte> _content;

    /// <summary>Creates an upload holding <paramref name="content"/>.</summary>
    public FileStorage(string name, string? fileName, string? contentType, ReadOnlyMemory<byte> content)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        _content = content;
    }

    /// <summary>The form field name.</summary>
    public string Name { get; }

    /// <summary>The file name the client sent; never trust it as a path.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type.</summary>
    public string? ContentType { get; }

    /// <summary>The size in bytes.</summary>
    public long Length => _content.Length;

    /// <summary>The content.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>A read-only stream over the content.</summary>
    public Stream OpenReadStream() => new MemoryStream(_content.ToArray(), writable: false);

    /// <summary>Writes the content to <paramref name="path"/>.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = File.Create(path);
        await file.WriteAsync(_content, cancellationToken);
    }
}
