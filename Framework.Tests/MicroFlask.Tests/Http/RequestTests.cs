using System.Text;
using MicroFlask.Http;
using MicroFlask.Testing;

namespace MicroFlask.Tests.Http;

public class RequestTests
{
    [Test]
    public async Task Args_RepeatedKeys_KeepsEveryValue()
    {
        var app = TestApp.Create();
        app.Route("/", () => string.Join(",", Request.Current.Args.GetAll("tag")) + "|" + Request.Current.Args["q"]);

        var response = await app.TestClient().GetAsync("/?tag=a&tag=b&q=x+y%21");

        response.Text.ShouldBe("a,b|x y!");
    }

    [Test]
    public async Task Args_BadPercentEscape_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Args.Get("q") ?? "");

        var response = await app.TestClient().GetAsync("/?q=%zz");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Path_BadPercentEscape_Is400()
    {
        var app = TestApp.Create();
        app.Route("/<name>", (string name) => name);

        var response = await app.TestClient().GetAsync("/%E");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Files_AddedInOneRequest_AreNotSeenByTheNext()
    {
        var app = TestApp.Create();
        app.Route("/", () =>
        {
            var seen = Request.Current.Files.Count;
            Request.Current.Files.Add("leak", new FileStorage("leak", "leak.txt", "text/plain", Array.Empty<byte>()));
            return seen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var client = app.TestClient();
        await client.GetAsync("/");

        var response = await client.GetAsync("/");

        response.Text.ShouldBe("0");
    }

    [Test]
    public async Task Form_Urlencoded_IsParsed()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Form["name"] + "/" + Request.Current.Value("page"), methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/?page=2", form: new Dictionary<string, string> { ["name"] = "Zoë & co" });

        response.Text.ShouldBe("Zoë & co/2");
    }

    [Test]
    public async Task Form_Multipart_HasFieldsAndFiles()
    {
        var app = TestApp.Create();
        app.Route("/upload", () =>
        {
            var file = Request.Current.Files["doc"];
            return $"{Request.Current.Form["title"]}:{file.FileName}:{file.ContentType}:{new StreamReader(file.Stream).ReadToEnd()}";
        }, methods: ["POST"]);
        var builder = new EnvironBuilder("POST", "/upload")
        {
            Form = new Dictionary<string, string> { ["title"] = "report" },
            Files = [("doc", "a.txt", "text/plain", Encoding.UTF8.GetBytes("file body"))],
        };

        var response = await app.TestClient().OpenAsync(builder);

        response.Text.ShouldBe("report:a.txt:text/plain:file body");
    }

    [Test]
    public async Task Form_MalformedMultipart_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => "x", methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes("--b\r\nno headers end"), contentType: "multipart/form-data; boundary=b");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Form_BadEscape_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => "x", methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes("a=%G1"), contentType: "application/x-www-form-urlencoded");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Body_OverMaxContentLength_Is413()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 10);
        app.Route("/", () => "x", methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: new byte[11], contentType: "application/octet-stream");

        response.StatusCode.ShouldBe(413);
    }

    [Test]
    public async Task Body_AtMaxContentLength_IsAccepted()
    {
        var app = TestApp.Create(a => a.Config["MAX_CONTENT_LENGTH"] = 10);
        app.Route("/", () => Request.Current.Data.Length.ToString(), methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: new byte[10], contentType: "application/octet-stream");

        response.Text.ShouldBe("10");
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("connection reset");
    }

    [Test]
    public async Task Body_ReadFails_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => "x", methods: ["POST"]);
        var environ = new EnvironBuilder("POST", "/") { Data = new byte[10] }.Build();
        environ.Input = new BrokenStream();

        var response = await app.WsgiApp(environ);

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Form_TooManyParts_Is413()
    {
        var app = TestApp.Create(a => a.Config["MAX_FORM_PARTS"] = 2);
        app.Route("/", () => "x", methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes("a=1&b=2&c=3"), contentType: "application/x-www-form-urlencoded");

        response.StatusCode.ShouldBe(413);
    }

    private sealed record Item(string Name, int Count);

    [Test]
    public async Task GetJson_BindsToType()
    {
        var app = TestApp.Create();
        app.Route("/", () => { var item = Request.Current.GetJson<Item>()!; return $"{item.Name}x{item.Count}"; }, methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", json: new Item("pen", 3));

        response.Text.ShouldBe("penx3");
    }

    [Test]
    public async Task GetJson_Malformed_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.GetJson<Item>()!.Name, methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes("{\"name\":"), contentType: "application/json");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task GetJson_Utf8ByteOrderMark_IsSkipped()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.GetJson<Item>()!.Name, methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"name\":\"pen\",\"count\":1}")], contentType: "application/json");

        response.Text.ShouldBe("pen");
    }

    [Test]
    public async Task Json_Utf8ByteOrderMark_IsSkipped()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Json!.Value.GetProperty("name").GetString()!, methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: [0xEF, 0xBB, 0xBF, .. "{\"name\":\"caf\u00e9\"}"u8.ToArray()], contentType: "application/json");

        response.Text.ShouldBe("caf\u00e9");
    }

    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { 0xC3, 0x28 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task GetJson_InvalidUtf8InAString_Is400(byte[] invalid)
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.GetJson<Item>()!.Name, methods: ["POST"]);
        byte[] body = [.. "{\"name\":\""u8.ToArray(), .. invalid, .. "\",\"count\":1}"u8.ToArray()];

        var response = await app.TestClient().PostAsync("/", data: body, contentType: "application/json");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Json_InvalidUtf8_Is400()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Json is null ? "none" : "parsed", methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: [.. "{\"name\":\""u8.ToArray(), 0xFF, .. "\"}"u8.ToArray()], contentType: "application/json");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task GetJson_NotJsonContentType_Is415()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.GetJson<Item>()!.Name, methods: ["POST"]);

        var response = await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes("{}"), contentType: "text/plain");

        response.StatusCode.ShouldBe(415);
    }

    [Test]
    public async Task Headers_AreCaseInsensitive()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Header("x-custom") ?? "none");

        var response = await app.TestClient().GetAsync("/", headers: new Dictionary<string, string> { ["X-CUSTOM"] = "v" });

        response.Text.ShouldBe("v");
    }

    [Test]
    public async Task Cookies_AreParsedFirstValueWins()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Cookies["a"] + "|" + Request.Current.Cookies["q"]);

        var response = await app.TestClient().GetAsync("/", headers: new Dictionary<string, string> { ["Cookie"] = "a=1; b=2; a=3; q=\"x\\073y\"" });

        response.Text.ShouldBe("1|x;y");
    }

    [Test]
    public void Environ_DictionaryView_ShowsWsgiKeys()
    {
        var environ = new EnvironBuilder("POST", "/p?x=1").Build();
        environ.Headers["X-Forwarded-For"] = "10.0.0.1";

        environ["REQUEST_METHOD"].ShouldBe("POST");
        environ["PATH_INFO"].ShouldBe("/p");
        environ["QUERY_STRING"].ShouldBe("x=1");
        environ["HTTP_X_FORWARDED_FOR"].ShouldBe("10.0.0.1");
        environ.ContainsKey("HTTP_X_MISSING").ShouldBeFalse();
    }

    [Test]
    public void Environ_FromDictionary_ReadsHttpKeysAsHeaders()
    {
        var environ = MicroFlask.Wsgi.Environ.FromDictionary(new Dictionary<string, object?>
        {
            ["REQUEST_METHOD"] = "get",
            ["PATH_INFO"] = "/x",
            ["HTTP_ACCEPT"] = "text/plain",
            ["CONTENT_TYPE"] = "application/json",
            ["custom.key"] = 5,
        });

        environ.RequestMethod.ShouldBe("GET");
        environ.Headers["Accept"].ToString().ShouldBe("text/plain");
        environ.ContentType.ShouldBe("application/json");
        environ["custom.key"].ShouldBe(5);
    }

    [Test]
    public void Escape_EscapesHtmlSpecials()
    {
        Markup.Escape("<a href='x'>&\"</a>").Html.ShouldBe("&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;");
    }

    // markupsafe.escape("\u00a0é ü") leaves everything but & < > ' " as it is.
    [Test]
    public void Escape_NonAscii_IsLeftAsItIs()
    {
        Markup.Escape("\u00a0é ü").Html.ShouldBe("\u00a0é ü");
    }
}
