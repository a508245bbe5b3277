using MicroFlask.Http;

namespace MicroFlask.Tests.Static;

public class StaticFileTests
{
    private StaticFolderFixture _files = null!;

    [SetUp]
    public void SetUp() => _files = new StaticFolderFixture();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public async Task Get_ExistingFile_ReturnsItsContent()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/css/site.css");

        response.Text.ShouldBe("body { color: red; }");
    }

    [TestCase("/static/css/site.css", "text/css; charset=utf-8")]
    [TestCase("/static/hello.txt", "text/plain; charset=utf-8")]
    public async Task Get_ExistingFile_ContentTypeFromExtension(string url, string expected)
    {
        var response = await _files.CreateApp().TestClient().GetAsync(url);

        response.Headers["Content-Type"].ShouldBe(expected);
    }

    [Test]
    public async Task Get_ExistingFile_HasStrongETag()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/hello.txt");

        response.Headers["ETag"]!.ShouldMatch("^\"[0-9a-f]+-[0-9a-f]+\"$");
    }

    [Test]
    public async Task Get_ExistingFile_HasLastModified()
    {
        var written = new DateTimeOffset(2024, 5, 1, 12, 30, 15, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(Path.Combine(_files.Static, "hello.txt"), written.UtcDateTime);

        var response = await _files.CreateApp().TestClient().GetAsync("/static/hello.txt");

        response.Headers["Last-Modified"].ShouldBe("Wed, 01 May 2024 12:30:15 GMT");
    }

    [Test]
    public async Task Get_MatchingIfNoneMatch_Returns304WithoutBody()
    {
        var client = _files.CreateApp().TestClient();
        var first = await client.GetAsync("/static/hello.txt");

        var second = await client.GetAsync("/static/hello.txt", new Dictionary<string, string> { ["If-None-Match"] = first.Headers["ETag"]! });

        second.StatusCode.ShouldBe(304);
        second.Data.ShouldBeEmpty();
    }

    [Test]
    public async Task Get_WeakFormOfTheETag_Returns304()
    {
        var client = _files.CreateApp().TestClient();
        var first = await client.GetAsync("/static/hello.txt");

        var second = await client.GetAsync("/static/hello.txt", new Dictionary<string, string> { ["If-None-Match"] = "W/" + first.Headers["ETag"] });

        second.StatusCode.ShouldBe(304);
    }

    [Test]
    public async Task Get_OtherIfNoneMatch_Returns200()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/hello.txt", new Dictionary<string, string> { ["If-None-Match"] = "\"other\"" });

        response.StatusCode.ShouldBe(200);
    }

    [Test]
    public async Task Get_IfModifiedSinceNotOlder_Returns304()
    {
        var client = _files.CreateApp().TestClient();
        var first = await client.GetAsync("/static/hello.txt");

        var second = await client.GetAsync("/static/hello.txt", new Dictionary<string, string> { ["If-Modified-Since"] = first.Headers["Last-Modified"]! });

        second.StatusCode.ShouldBe(304);
    }

    [Test]
    public async Task Get_IfModifiedSinceOlder_Returns200()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/hello.txt", new Dictionary<string, string> { ["If-Modified-Since"] = "Mon, 01 Jan 2001 00:00:00 GMT" });

        response.StatusCode.ShouldBe(200);
    }

    [Test]
    public async Task Get_NoMaxAge_CacheControlIsNoCache()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/hello.txt");

        response.Headers["Cache-Control"].ShouldBe("no-cache");
    }

    [Test]
    public async Task Get_SendFileMaxAgeDefault_SetsPublicMaxAge()
    {
        var app = _files.CreateApp(a => a.Config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600);

        var response = await app.TestClient().GetAsync("/static/hello.txt");

        response.Headers["Cache-Control"].ShouldBe("public, max-age=3600");
    }

    [Test]
    public async Task Get_LargeFile_IsStreamedWhole()
    {
        var content = new byte[FileResponse.BufferLimit * 3 + 7];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(Path.Combine(_files.Static, "big.bin"), content);

        var response = await _files.CreateApp().TestClient().GetAsync("/static/big.bin");

        response.Response.StreamBody.ShouldNotBeNull();
        response.Data.ShouldBe(content);
        response.Headers["Content-Length"].ShouldBe(content.Length.ToString());
    }

    [Test]
    public async Task Head_LargeFile_HasLengthAndNoBody()
    {
        File.WriteAllBytes(Path.Combine(_files.Static, "big.bin"), new byte[FileResponse.BufferLimit + 1]);

        var response = await _files.CreateApp().TestClient().HeadAsync("/static/big.bin");

        response.Headers["Content-Length"].ShouldBe((FileResponse.BufferLimit + 1).ToString());
        response.Data.ShouldBeEmpty();
    }

    [TestCase("/static/missing.txt")]
    [TestCase("/static/css")]
    [TestCase("/static/../secret.txt")]
    [TestCase("/static/%2e%2e/secret.txt")]
    [TestCase("/static/%2E%2E%2Fsecret.txt")]
    [TestCase("/static/css%2f..%2f..%2fsecret.txt")]
    [TestCase("/static/css/../../secret.txt")]
    [TestCase("/static/..%5csecret.txt")]
    [TestCase("/static/link-out.txt")]
    [TestCase("/static/dir-out/secret.txt")]
    public async Task Get_PathOutsideOrMissing_Returns404(string url)
    {
        var response = await _files.CreateApp().TestClient().GetAsync(url);

        response.StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task Get_EncodedLeadingSlash_RedirectsInsideTheFolderAsFlask()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/%2fetc%2fpasswd");

        response.StatusCode.ShouldBe(308);
        response.Location.ShouldBe("http://localhost/static/etc/passwd");
    }

    [Test]
    public async Task Get_SymlinkInsideFolder_IsServed()
    {
        var response = await _files.CreateApp().TestClient().GetAsync("/static/link-in.txt");

        response.Text.ShouldBe("hello");
    }

    [Test]
    public async Task Get_StaticFolderNull_Returns404()
    {
        var response = await _files.CreateApp(a => a.StaticFolder = null).TestClient().GetAsync("/static/hello.txt");

        response.StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task Get_StaticFolderChanged_ServesFromIt()
    {
        Directory.CreateDirectory(Path.Combine(_files.Root, "assets"));
        File.WriteAllText(Path.Combine(_files.Root, "assets", "a.txt"), "asset");

        var response = await _files.CreateApp(a => a.StaticFolder = "assets").TestClient().GetAsync("/static/a.txt");

        response.Text.ShouldBe("asset");
    }

    [TestCase("/etc/passwd")]
    [TestCase("../secret.txt")]
    [TestCase("css/../../secret.txt")]
    [TestCase("..\\secret.txt")]
    [TestCase("")]
    public async Task SendFromDirectory_UnsafePath_Returns404(string path)
    {
        var app = _files.CreateApp();
        app.Route("/download", () => App.SendFromDirectoryAsync("static", path));

        var response = await app.TestClient().GetAsync("/download");

        response.StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task SendFromDirectory_RelativeDirectory_ResolvesAgainstRootPath()
    {
        var app = _files.CreateApp();
        app.Route("/download", () => App.SendFromDirectoryAsync("static", "css/site.css"));

        var response = await app.TestClient().GetAsync("/download");

        response.Text.ShouldBe("body { color: red; }");
    }

    [Test]
    public void UrlFor_Static_BuildsTheFileUrl()
    {
        var app = _files.CreateApp();

        app.UrlFor("static", new { filename = "css/site.css" }).ShouldBe("/static/css/site.css");
    }
}
