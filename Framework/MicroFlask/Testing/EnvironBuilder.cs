using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroFlask.Http;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Primitives;

namespace MicroFlask.Testing;

/// <summary>Builds a WSGI environ for a test request (Werkzeug's <c>EnvironBuilder</c>): method, URL, headers and a body.</summary>
public sealed class EnvironBuilder
{
    /// <summary>Starts a request for <paramref name="method"/> and <paramref name="url"/> (a path with an optional query string, or an absolute URL).</summary>
    public EnvironBuilder(string method, string url)
    {
        Method = method.ToUpperInvariant();
        Url = url;
    }

    /// <summary>The method.</summary>
    public string Method { get; }

    /// <summary>The URL as given.</summary>
    public string Url { get; }

    /// <summary>Request headers.</summary>
    public Dictionary<string, StringValues> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Form fields, sent urlencoded (or multipart when <see cref="Files"/> are given).</summary>
    public IEnumerable<KeyValuePair<string, string>>? Form { get; set; }

    /// <summary>Files to upload as multipart: field name, file name, content type and content.</summary>
    public IEnumerable<(string Field, string FileName, string ContentType, byte[] Content)>? Files { get; set; }

    /// <summary>An object sent as a JSON body.</summary>
    public object? Json { get; set; }

    /// <summary>A raw body.</summary>
    public byte[]? Data { get; set; }

    /// <summary>
    /// A body read as the app reads it (Werkzeug's <c>input_stream</c>), sent chunked unless <see cref="Headers"/> has a
    /// Content-Length; it wins over <see cref="Data"/>, <see cref="Json"/>, <see cref="Form"/> and <see cref="Files"/>.
    /// </summary>
    public Stream? InputStream { get; set; }

    /// <summary>The Content-Type for <see cref="Data"/> or <see cref="InputStream"/>.</summary>
    public string? ContentType { get; set; }

    /// <summary>SCRIPT_NAME, for an app mounted under a prefix.</summary>
    public string ScriptName { get; set; } = "";

    /// <summary>The environ.</summary>
    public Environ Build()
    {
        var environ = new Environ(new Dictionary<string, StringValues>(Headers, StringComparer.OrdinalIgnoreCase))
        {
            RequestMethod = Method,
            ScriptName = ScriptName,
            ServerName = "localhost",
            ServerPort = "80",
            RemoteAddr = "127.0.0.1",
        };
        var target = Url;
        if (Uri.TryCreate(Url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            environ.UrlScheme = absolute.Scheme;
            environ.ServerName = absolute.Host;
            environ.ServerPort = absolute.Port.ToString(CultureInfo.InvariantCulture);
            target = absolute.PathAndQuery;
        }
        environ.RawUri = target;
        var (rawPath, query) = RequestTarget.Split(target);
        environ.QueryString = query;
        RequestTarget.SetPathInfo(environ, rawPath);
        if (!environ.Headers.ContainsKey("Host")) environ.Headers["Host"] = environ.ServerPort is "80" or "443" ? environ.ServerName : environ.ServerName + ":" + environ.ServerPort;

        if (InputStream is not null)
        {
            environ.Input = InputStream;
            if (!environ.Headers.ContainsKey("Content-Length")) environ.Headers["Transfer-Encoding"] = "chunked";
            if (ContentType is not null && !environ.Headers.ContainsKey("Content-Type")) environ.Headers["Content-Type"] = ContentType;
            return environ;
        }
        var (body, contentType) = BuildBody();
        if (body is not null)
        {
            environ.Input = new MemoryStream(body, writable: false);
            environ.Headers["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture);
            if (contentType is not null && !environ.Headers.ContainsKey("Content-Type")) environ.Headers["Content-Type"] = contentType;
        }
        return environ;
    }

    private (byte[]? Body, string? ContentType) BuildBody()
    {
        if (Data is not null) return (Data, ContentType);
        if (Json is not null) return (JsonSerializer.SerializeToUtf8Bytes(Json, Json.GetType(), JsonSerializerOptions.Web), "application/json");
        if (Files is not null) return BuildMultipart();
        if (Form is not null)
        {
            return (Encoding.ASCII.GetBytes(UrlEncoding.EncodeForm(Form)), "application/x-www-form-urlencoded");
        }
        return (null, null);
    }

    private (byte[], string) BuildMultipart()
    {
        var boundary = "----MicroFlaskBoundary" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (key, value) in Form ?? [])
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n");
        }
        foreach (var (field, fileName, contentType, content) in Files!)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n");
            body.Write(content);
            Write("\r\n");
        }
        Write($"--{boundary}--\r\n");
        return (body.ToArray(), "multipart/form-data; boundary=" + boundary);
    }
}
