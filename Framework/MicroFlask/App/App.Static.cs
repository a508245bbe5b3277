using MicroFlask.Http;

namespace MicroFlask;

public partial class App
{
    /// <summary>The URL path static files are served under (Flask's <c>static_url_path</c>), with endpoint "static".</summary>
    public const string StaticUrlPath = "/static";

    private string? _rootPath;

    /// <summary>
    /// The folder relative paths (<see cref="StaticFolder"/>, template folders) are resolved against (Flask's
    /// <c>root_path</c>). Defaults to <see cref="System.AppContext.BaseDirectory"/>, the build output, where the
    /// package's build targets copy <c>static/</c> and <c>templates/</c>, so that <c>dotnet run --project</c> from any
    /// directory and a published app find the same files; in Development (DEBUG, or DOTNET_ENVIRONMENT /
    /// ASPNETCORE_ENVIRONMENT) to the project folder, so that edits show without a rebuild.
    /// </summary>
    public string RootPath
    {
        get => _rootPath ?? Hosting.ProjectRoot.Default(Debug);
        set => _rootPath = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The folder served at <c>/static/&lt;path:filename&gt;</c>, relative to <see cref="RootPath"/> or absolute; null serves nothing.</summary>
    public string? StaticFolder { get; set; } = "static";

    /// <summary>
    /// A response with the file at <paramref name="path"/> (Flask's <c>send_file</c>); a relative path is resolved
    /// against <see cref="RootPath"/>. The Content-Type comes from <paramref name="mimeType"/>, else from the file's
    /// name (or <paramref name="downloadName"/>), and Content-Disposition names the file: <c>inline</c>, or
    /// <c>attachment</c> with <paramref name="asAttachment"/> so that the browser saves it. When
    /// <paramref name="conditional"/>, a matching If-None-Match or If-Modified-Since is answered 304 and a single
    /// Range 206 (416 when outside the file). <paramref name="maxAge"/> (else SEND_FILE_MAX_AGE_DEFAULT) sets Cache-Control.
    /// Never pass a path from the request here: use <see cref="SendFromDirectoryAsync"/>, which keeps it inside a folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static Task<Response> SendFileAsync(string path, string? mimeType = null, bool asAttachment = false, string? downloadName = null,
        bool conditional = true, bool etag = true, DateTimeOffset? lastModified = null, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var app = Current;
        var file = new FileInfo(Path.Combine(app.RootPath, path));
        if (!file.Exists) throw new FileNotFoundException($"send_file: there is no file at {file.FullName}. Check the path, or use SendFromDirectoryAsync for a path from the request (a 404 when missing).", file.FullName);
        return FileResponse.FromFileAsync(file, Request.Current, app.FileOptions(mimeType, asAttachment, downloadName, conditional, etag, lastModified, maxAge), app.TimeProvider.GetUtcNow());
    }

    /// <summary>
    /// A response with the content of <paramref name="stream"/>, from its position, disposed once sent (Flask's
    /// <c>send_file</c> with a file object). The Content-Type comes from <paramref name="mimeType"/> or
    /// <paramref name="downloadName"/>, one of which is needed; <paramref name="etag"/> is the tag to send, if any (a
    /// stream has no date or size to make one from). A stream that can seek also answers Range requests.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither <paramref name="mimeType"/> nor <paramref name="downloadName"/> is given, or <paramref name="asAttachment"/> without <paramref name="downloadName"/>.</exception>
    public static Task<Response> SendFileAsync(Stream stream, string? mimeType = null, bool asAttachment = false, string? downloadName = null,
        bool conditional = true, string? etag = null, DateTimeOffset? lastModified = null, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var app = Current;
        var tag = etag is null || etag.StartsWith('"') || etag.StartsWith("W/", StringComparison.Ordinal) ? etag : "\"" + etag + "\"";
        return FileResponse.FromStreamAsync(stream, Request.Current, app.FileOptions(mimeType, asAttachment, downloadName, conditional, false, lastModified, maxAge), app.TimeProvider.GetUtcNow(), tag);
    }

    /// <summary>
    /// A response with the file at <paramref name="path"/> (untrusted, e.g. from the URL) inside
    /// <paramref name="directory"/> (trusted, relative to <see cref="RootPath"/> or absolute) (Flask's
    /// <c>send_from_directory</c>). A path that would leave the directory (<c>..</c>, an absolute path, a symbolic link
    /// pointing out) or names no regular file is a 404. The other parameters are <see cref="SendFileAsync(string, string?, bool, string?, bool, bool, DateTimeOffset?, TimeSpan?)"/>'s.
    /// </summary>
    public static Task<Response> SendFromDirectoryAsync(string directory, string path, string? mimeType = null, bool asAttachment = false,
        string? downloadName = null, bool conditional = true, bool etag = true, DateTimeOffset? lastModified = null, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(path);
        var app = Current;
        var root = Path.Combine(app.RootPath, directory);
        var full = SafePath.Join(root, path) ?? throw new HttpException(404);
        var file = new FileInfo(full);
        if (!file.Exists) throw new HttpException(404);
        return FileResponse.FromFileAsync(file, Request.Current, app.FileOptions(mimeType, asAttachment, downloadName, conditional, etag, lastModified, maxAge), app.TimeProvider.GetUtcNow());
    }

    // Flask's get_send_file_max_age: no max age given means SEND_FILE_MAX_AGE_DEFAULT (None: no-cache).
    private FileResponse.Options FileOptions(string? mimeType, bool asAttachment, string? downloadName, bool conditional, bool etag,
        DateTimeOffset? lastModified, TimeSpan? maxAge) =>
        new(mimeType, asAttachment, downloadName, conditional, etag, lastModified, maxAge ?? Config.GetTimeSpan("SEND_FILE_MAX_AGE_DEFAULT"));

    /// <summary>The view of the "static" endpoint: <paramref name="filename"/> from <see cref="StaticFolder"/> (Flask's <c>send_static_file</c>).</summary>
    public Task<Response> SendStaticFileAsync(string filename)
    {
        if (StaticFolder is null) throw new HttpException(404);
        return SendFromDirectoryAsync(Path.Combine(RootPath, StaticFolder), filename);
    }

    private void AddStaticRoute() =>
        AddUrlRule(StaticUrlPath + "/<path:filename>", "static", (string filename) => SendStaticFileAsync(filename));
}
