using System.Text;
using MicroFlask.Testing;

namespace MicroFlask.Tests.Static;

/// <summary>Flask's send_file and send_from_directory, case by case as werkzeug's tests/test_send_file.py pins them.</summary>
public class SendFileTests
{
    private StaticFolderFixture _files = null!;

    [SetUp]
    public void SetUp()
    {
        _files = new StaticFolderFixture();
        File.WriteAllText(Path.Combine(_files.Root, "test.txt"), "0123456789");
    }

    [TearDown]
    public void TearDown() => _files.Dispose();

    private async Task<TestResponse> Get(Func<Task<Response>> view, IDictionary<string, string>? headers = null)
    {
        var app = _files.CreateApp();
        app.Route("/f", view);
        return await app.TestClient().GetAsync("/f", headers);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    [Test]
    public async Task Path_Relative_IsReadFromRootPath()
    {
        var response = await Get(() => App.SendFileAsync("test.txt"));

        response.Text.ShouldBe("0123456789");
        response.Headers["Content-Type"].ShouldBe("text/plain; charset=utf-8");
    }

    [TestCase(false, "inline")]
    [TestCase(true, "attachment")]
    public async Task Path_ContentDisposition_NamesTheFile(bool asAttachment, string value)
    {
        var response = await Get(() => App.SendFileAsync("test.txt", asAttachment: asAttachment));

        response.Headers["Content-Disposition"].ShouldBe($"{value}; filename=test.txt");
    }

    [TestCase("index.html", "index.html", null)]
    [TestCase("Ñandú／pingüino.txt", "\"Nandu/pinguino.txt\"", "%C3%91and%C3%BA%EF%BC%8Fping%C3%BCino.txt")]
    [TestCase("Vögel.txt", "Vogel.txt", "V%C3%B6gel.txt")]
    [TestCase("те:/ст", "\":/\"", "%D1%82%D0%B5%3A%2F%D1%81%D1%82")]
    public async Task DownloadName_NotAscii_HasAnAsciiFallbackAndTheUtf8Name(string name, string ascii, string? utf8)
    {
        var response = await Get(() => App.SendFileAsync("test.txt", asAttachment: true, downloadName: name));

        var disposition = response.Headers["Content-Disposition"]!;
        disposition.ShouldContain("filename=" + ascii);
        if (utf8 is null) disposition.ShouldNotContain("filename*=");
        else disposition.ShouldContain("filename*=UTF-8''" + utf8);
    }

    [Test]
    public void Path_Missing_IsAnError()
    {
        var app = _files.CreateApp(a => a.Testing = true);
        app.Route("/f", () => App.SendFileAsync("nothing.txt"));

        Should.Throw<FileNotFoundException>(() => app.TestClient().GetAsync("/f"));
    }

    [Test]
    public async Task Stream_WithMimeType_IsSent()
    {
        var response = await Get(() => App.SendFileAsync(Stream("test"), mimeType: "text/plain"));

        response.Text.ShouldBe("test");
        response.Headers["Content-Type"].ShouldBe("text/plain; charset=utf-8");
        response.Headers["ETag"].ShouldBeNull();
    }

    [Test]
    public async Task Stream_MimeTypeFromDownloadName()
    {
        var response = await Get(() => App.SendFileAsync(Stream("test"), downloadName: "test.txt"));

        response.Headers["Content-Type"].ShouldBe("text/plain; charset=utf-8");
    }

    [Test]
    public void Stream_NoMimeTypeNorName_IsAnError()
    {
        var app = _files.CreateApp(a => a.Testing = true);
        app.Route("/f", () => App.SendFileAsync(Stream("test")));

        Should.Throw<InvalidOperationException>(() => app.TestClient().GetAsync("/f")).Message.ShouldContain("detect the MIME type");
    }

    [Test]
    public void Stream_AttachmentWithoutName_IsAnError()
    {
        var app = _files.CreateApp(a => a.Testing = true);
        app.Route("/f", () => App.SendFileAsync(Stream("test"), mimeType: "text/plain", asAttachment: true));

        Should.Throw<InvalidOperationException>(() => app.TestClient().GetAsync("/f")).Message.ShouldContain("attachment");
    }

    [Test]
    public async Task Stream_AttachmentWithName_IsAnAttachment()
    {
        var response = await Get(() => App.SendFileAsync(Stream("test"), asAttachment: true, downloadName: "test.txt"));

        response.Headers["Content-Disposition"].ShouldBe("attachment; filename=test.txt");
    }

    [Test]
    public async Task Stream_CustomETag_IsQuotedAndMatched()
    {
        var response = await Get(() => App.SendFileAsync(Stream("test"), mimeType: "text/plain", etag: "unique"),
            new Dictionary<string, string> { ["If-None-Match"] = "\"unique\"" });

        response.StatusCode.ShouldBe(304);
        response.Headers["ETag"].ShouldBe("\"unique\"");
    }

    [Test]
    public async Task ETagFalse_SendsNone()
    {
        var response = await Get(() => App.SendFileAsync("test.txt", etag: false));

        response.Headers["ETag"].ShouldBeNull();
    }

    [Test]
    public async Task LastModified_Given_IsSent()
    {
        var date = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var response = await Get(() => App.SendFileAsync("test.txt", lastModified: date));

        response.Headers["Last-Modified"].ShouldBe("Fri, 01 Jan 1999 00:00:00 GMT");
    }

    [Test]
    public async Task NoMaxAge_IfModifiedSinceLater_Is304WithNoCache()
    {
        var response = await Get(() => App.SendFileAsync("test.txt", lastModified: new DateTimeOffset(2020, 7, 11, 0, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string> { ["If-Modified-Since"] = "Sun, 12 Jul 2020 00:00:00 GMT" });

        response.StatusCode.ShouldBe(304);
        response.Headers["Cache-Control"].ShouldBe("no-cache");
        response.Headers["Expires"].ShouldBeNull();
    }

    [TestCase(0, "no-cache, max-age=0")]
    [TestCase(60, "public, max-age=60")]
    public async Task MaxAge_SetsCacheControlAndExpires(int seconds, string expected)
    {
        var response = await Get(() => App.SendFileAsync("test.txt", maxAge: TimeSpan.FromSeconds(seconds)));

        response.StatusCode.ShouldBe(200);
        response.Headers["Cache-Control"].ShouldBe(expected);
        response.Headers["Expires"].ShouldNotBeNull();
    }

    [Test]
    public async Task Svgz_IsAnSvgEncodedWithGzip()
    {
        var response = await Get(() => App.SendFileAsync("test.txt", downloadName: "logo.svgz"));

        response.Headers["Content-Type"].ShouldBe("image/svg+xml; charset=utf-8");
        response.Headers["Content-Encoding"].ShouldBe("gzip");
    }

    [Test]
    public async Task Conditional_False_IgnoresIfNoneMatch()
    {
        var response = await Get(() => App.SendFileAsync("test.txt", conditional: false), new Dictionary<string, string> { ["If-None-Match"] = "*" });

        response.StatusCode.ShouldBe(200);
    }

    [TestCase("bytes=2-4", "234", "bytes 2-4/10")]
    [TestCase("bytes=7-", "789", "bytes 7-9/10")]
    [TestCase("bytes=-3", "789", "bytes 7-9/10")]
    [TestCase("bytes=8-100", "89", "bytes 8-9/10")]
    public async Task Range_OneRange_Is206WithThatPart(string range, string body, string contentRange)
    {
        var response = await Get(() => App.SendFileAsync("test.txt"), new Dictionary<string, string> { ["Range"] = range });

        response.StatusCode.ShouldBe(206);
        response.Text.ShouldBe(body);
        response.Headers["Content-Range"].ShouldBe(contentRange);
        response.Headers["Accept-Ranges"].ShouldBe("bytes");
    }

    [Test]
    public async Task Range_OfALargeFile_StreamsThePart()
    {
        var content = Enumerable.Range(0, MicroFlask.Http.FileResponse.BufferLimit * 2).Select(i => (byte)(i % 251)).ToArray();
        File.WriteAllBytes(Path.Combine(_files.Root, "big.bin"), content);
        var start = MicroFlask.Http.FileResponse.BufferLimit - 5;

        var response = await Get(() => App.SendFileAsync("big.bin"), new Dictionary<string, string> { ["Range"] = $"bytes={start}-" });

        response.StatusCode.ShouldBe(206);
        response.Data.ShouldBe(content[start..]);
        response.Headers["Content-Length"].ShouldBe((content.Length - start).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Range_OfASeekableStream_Is206()
    {
        var response = await Get(() => App.SendFileAsync(Stream("0123456789"), mimeType: "text/plain"), new Dictionary<string, string> { ["Range"] = "bytes=1-2" });

        response.StatusCode.ShouldBe(206);
        response.Text.ShouldBe("12");
    }

    [TestCase("bytes=10-")]
    [TestCase("bytes=0-1,4-5")]
    [TestCase("lines=1-2")]
    public async Task Range_NotSatisfiable_Is416WithTheLength(string range)
    {
        var response = await Get(() => App.SendFileAsync("test.txt"), new Dictionary<string, string> { ["Range"] = range });

        response.StatusCode.ShouldBe(416);
        response.Headers["Content-Range"].ShouldBe("bytes */10");
    }

    [Test]
    public async Task Range_IfRangeStale_SendsTheWholeFile()
    {
        var response = await Get(() => App.SendFileAsync("test.txt"), new Dictionary<string, string> { ["Range"] = "bytes=0-1", ["If-Range"] = "\"old\"" });

        response.StatusCode.ShouldBe(200);
        response.Text.ShouldBe("0123456789");
    }

    [Test]
    public async Task Range_IfRangeCurrent_SendsThePart()
    {
        var client = _files.CreateApp(a => a.Route("/f", () => App.SendFileAsync("test.txt"))).TestClient();
        var etag = (await client.GetAsync("/f")).Headers["ETag"]!;

        var response = await client.GetAsync("/f", new Dictionary<string, string> { ["Range"] = "bytes=0-1", ["If-Range"] = etag });

        response.StatusCode.ShouldBe(206);
        response.Text.ShouldBe("01");
    }

    [Test]
    public async Task SendFromDirectory_Attachment_NamesTheFile()
    {
        var response = await Get(() => App.SendFromDirectoryAsync("static", "hello.txt", asAttachment: true));

        response.Text.ShouldBe("hello");
        response.Headers["Content-Disposition"].ShouldBe("attachment; filename=hello.txt");
    }

    [TestCase("../test.txt")]
    [TestCase("nothing.txt")]
    [TestCase("null\0.txt")]
    public async Task SendFromDirectory_NotFound_Is404(string path)
    {
        var response = await Get(() => App.SendFromDirectoryAsync("static", path));

        response.StatusCode.ShouldBe(404);
    }
}
