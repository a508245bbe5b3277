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
    /// A response with the file at <paramref name="path"/> (untrusted, e.g. from the URL) inside
    /// <paramref name="directory"/> (trusted) (Flask's <c>send_from_directory</c>). A path that would leave the
    /// directory (<c>..</c>, an absolute path, a symbolic link pointing out) or names no regular file is a 404.
    /// Answers 304 to a matching If-None-Match / If-Modified-Since; Cache-Control follows SEND_FILE_MAX_AGE_DEFAULT.
    /// </summary>
    public static Task<Response> SendFromDirectoryAsync(string directory, string path, string? mimeType = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(path);
        var app = Current;
        var root = Path.Combine(app.RootPath, directory);
        var full = SafePath.Join(root, path) ?? throw new HttpException(404);
        var file = new FileInfo(full);
        if (!file.Exists) throw new HttpException(404);
        return FileResponse.CreateAsync(file, Request.Current, app.Config.GetTimeSpan("SEND_FILE_MAX_AGE_DEFAULT"), app.TimeProvider.GetUtcNow(), mimeType);
    }

    /// <summary>The view of the "static" endpoint: <paramref name="filename"/> from <see cref="StaticFolder"/> (Flask's <c>send_static_file</c>).</summary>
    public Task<Response> SendStaticFileAsync(string filename)
    {
        if (StaticFolder is null) throw new HttpException(404);
        return SendFromDirectoryAsync(Path.Combine(RootPath, StaticFolder), filename);
    }

    private void AddStaticRoute() =>
        AddUrlRule(StaticUrlPath + "/<path:filename>", "static", (string filename) => SendStaticFileAsync(filename));
}
