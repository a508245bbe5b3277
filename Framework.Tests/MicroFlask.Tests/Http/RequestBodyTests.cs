using System.IO.Pipelines;
using System.Text;
using MicroFlask.Http;
using MicroFlask.Testing;

namespace MicroFlask.Tests.Http;

public class RequestBodyTests
{
    private const long Large = 100_000_000;

    private static EnvironBuilder Post(string url, Stream body, long? contentLength = Large)
    {
        var builder = new EnvironBuilder("POST", url) { InputStream = body, ContentType = "application/octet-stream" };
        if (contentLength is { } length) builder.Headers["Content-Length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return builder;
    }

    [TestCase("/missing", 404)]
    [TestCase("/get-only", 405)]
    [TestCase("/dir", 308)]
    public async Task Body_RoutingFailed_IsNeverRead(string url, int status)
    {
        var app = TestApp.Create();
        app.Route("/get-only", () => "x");
        app.Route("/dir/", () => "x", methods: ["POST"]);
        var body = new ProbeStream(Large, failIfRead: true);

        var response = await app.TestClient().OpenAsync(Post(url, body));

        response.StatusCode.ShouldBe(status);
    }

    [Test]
    public async Task Body_ChunkedOverMaxContentLength_StopsReadingRightAfterTheLimit()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 1000);
        app.Route("/", () => Request.Current.Data.Length.ToString(), methods: ["POST"]);
        var body = new ProbeStream(Large);

        var response = await app.TestClient().OpenAsync(Post("/", body, contentLength: null));

        response.StatusCode.ShouldBe(413);
        body.BytesRead.ShouldBeLessThanOrEqualTo(1001);
    }

    [Test]
    public async Task Body_ContentLengthOverMaxContentLength_Is413BeforeReadingAByte()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 1000);
        app.Route("/", () => Request.Current.Data.Length.ToString(), methods: ["POST"]);

        var response = await app.TestClient().OpenAsync(Post("/", new ProbeStream(Large, failIfRead: true), contentLength: 1001));

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task Body_MaxContentLengthUnset_IsCappedAt30MB()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Data.Length.ToString(), methods: ["POST"]);
        var body = new ProbeStream(Large);

        var response = await app.TestClient().OpenAsync(Post("/", body, contentLength: null));

        response.StatusCode.ShouldBe(413);
        body.BytesRead.ShouldBeLessThanOrEqualTo(RequestLimits.DefaultMaxBodySize + 1);
    }

    [Test]
    public async Task Form_UrlencodedOverMaxFormMemorySize_Is413()
    {
        var app = TestApp.Create(a => a.Config["MAX_FORM_MEMORY_SIZE"] = 100);
        app.Route("/", () => Request.Current.Form["a"], methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.ASCII.GetBytes("a=" + new string('x', 200)), contentType: "application/x-www-form-urlencoded");

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task Form_MultipartFieldsOverMaxFormMemorySize_Is413()
    {
        var app = TestApp.Create(a => a.Config["MAX_FORM_MEMORY_SIZE"] = 100);
        app.Route("/", () => Request.Current.Form["a"], methods: ["POST"]);
        var builder = new EnvironBuilder("POST", "/")
        {
            Form = new Dictionary<string, string> { ["a"] = new string('x', 60), ["b"] = new string('y', 60) },
            Files = [],
        };

        var response = await app.TestClient().OpenAsync(builder);

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task Files_LargeUpload_IsATempFileDuringTheViewAndGoneAfter()
    {
        var app = TestApp.Create();
        string? tempPath = null;
        var existedInView = false;
        app.Route("/", async () =>
        {
            var file = Request.Current.Files["doc"];
            tempPath = file.TempPath;
            existedInView = tempPath is not null && File.Exists(tempPath);
            using var copy = new MemoryStream();
            await file.SaveAsync(copy);
            return $"{file.Length}:{copy.ToArray().Count(b => b == (byte)'z')}";
        }, methods: ["POST"]);
        var content = Enumerable.Repeat((byte)'z', 600_000).ToArray();
        var builder = new EnvironBuilder("POST", "/") { Files = [("doc", "big.bin", "application/octet-stream", content)] };

        var response = await app.TestClient().OpenAsync(builder);

        response.Text.ShouldBe("600000:600000");
        existedInView.ShouldBeTrue();
        File.Exists(tempPath!).ShouldBeFalse();
    }

    [Test]
    public async Task Files_SmallUpload_StaysInMemory()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Files["doc"].TempPath ?? "memory", methods: ["POST"]);
        var builder = new EnvironBuilder("POST", "/") { Files = [("doc", "small.txt", "text/plain", new byte[1000])] };

        var response = await app.TestClient().OpenAsync(builder);

        response.Text.ShouldBe("memory");
    }

    [Test]
    public async Task Stream_OnAStreamingRoute_ReachesTheViewBeforeTheClientFinishedSending()
    {
        var app = TestApp.Create();
        var firstChunkSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Route("/", async () =>
        {
            var stream = Request.Current.Stream;
            var buffer = new byte[5];
            await stream.ReadExactlyAsync(buffer);
            firstChunkSeen.SetResult();
            var rest = await new StreamReader(stream).ReadToEndAsync();
            return Encoding.ASCII.GetString(buffer) + rest;
        }, methods: ["POST"]).StreamsBody = true;
        var pipe = new Pipe();
        var sending = app.TestClient().OpenAsync(Post("/", pipe.Reader.AsStream(), contentLength: null));

        await pipe.Writer.WriteAsync("first"u8.ToArray());
        // Were the body buffered before the view, this would wait forever: the rest is only sent once the view saw the start.
        await firstChunkSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await pipe.Writer.WriteAsync(" rest"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        (await sending).Text.ShouldBe("first rest");
    }

    [Test]
    public async Task Stream_PastMaxContentLength_Is413AsItStreams()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 1000);
        app.Route("/", async () =>
        {
            await Request.Current.Stream.CopyToAsync(Stream.Null);
            return "read";
        }, methods: ["POST"]).StreamsBody = true;
        var body = new ProbeStream(Large);

        var response = await app.TestClient().OpenAsync(Post("/", body, contentLength: null));

        response.StatusCode.ShouldBe(413);
        body.BytesRead.ShouldBeLessThanOrEqualTo(1001);
    }

    [Test]
    public async Task Form_AfterTheStreamWasRead_SaysWhy()
    {
        var app = TestApp.Create();
        app.Route("/", async () =>
        {
            await Request.Current.Stream.CopyToAsync(Stream.Null);
            try
            {
                return Request.Current.Form.Count.ToString();
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        }, methods: ["POST"]).StreamsBody = true;

        var response = await app.TestClient().PostAsync("/", data: Encoding.ASCII.GetBytes("a=1"), contentType: "application/x-www-form-urlencoded");

        response.Text.ShouldBe("Request.Form is unavailable: the body was read through Request.Stream.");
    }

    [Test]
    public async Task LoadBodyAsync_OnAStreamingRoute_LoadsTheForm()
    {
        var app = TestApp.Create();
        app.Route("/", async () =>
        {
            await Request.Current.LoadBodyAsync();
            return Request.Current.Form["a"];
        }, methods: ["POST"]).StreamsBody = true;

        var response = await app.TestClient().PostAsync("/", data: Encoding.ASCII.GetBytes("a=1"), contentType: "application/x-www-form-urlencoded");

        response.Text.ShouldBe("1");
    }
}
