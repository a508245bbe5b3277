using MicroFlask.Http;

namespace MicroFlask.Tests.Flow;

public class MakeResponseTests
{
    private static async Task<Testing.TestResponse> Get(Delegate view)
    {
        var app = TestApp.Create();
        app.Route("/", view);
        return await app.TestClient().GetAsync("/");
    }

    [Test]
    public async Task String_IsHtml()
    {
        var response = await Get(() => "<p>hi</p>");
        response.Headers["Content-Type"].ShouldBe("text/html; charset=utf-8");
        response.Text.ShouldBe("<p>hi</p>");
    }

    [Test]
    public async Task Bytes_AreTheBody()
    {
        var response = await Get(() => new byte[] { 1, 2, 3 });
        response.Data.ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Test]
    public async Task TupleBodyStatus_SetsStatus()
    {
        var response = await Get(() => ("created", 201));
        response.StatusCode.ShouldBe(201);
        response.Text.ShouldBe("created");
    }

    [Test]
    public async Task TupleBodyStatusHeaders_SetsAll()
    {
        var response = await Get(() => ("teapot", 418, new Dictionary<string, string> { ["X-Kind"] = "tea" }));
        response.StatusCode.ShouldBe(418);
        response.Headers["X-Kind"].ShouldBe("tea");
    }

    [Test]
    public async Task TupleBodyHeaders_KeepsStatus200()
    {
        var response = await Get(() => ("ok", new Dictionary<string, string> { ["X-A"] = "1" }));
        response.StatusCode.ShouldBe(200);
        response.Headers["X-A"].ShouldBe("1");
    }

    [Test]
    public async Task Object_BecomesJson()
    {
        var response = await Get(() => new { Name = "ann", Tags = new[] { "a", "b" } });
        response.Headers["Content-Type"].ShouldBe("application/json");
        response.Text.ShouldBe("{\"name\":\"ann\",\"tags\":[\"a\",\"b\"]}\n");
    }

    [Test]
    public async Task Dictionary_BecomesJsonObject()
    {
        var response = await Get(() => new Dictionary<string, object> { ["count"] = 3 });
        response.Json.GetProperty("count").GetInt32().ShouldBe(3);
    }

    [Test]
    public async Task AsyncView_IsAwaited()
    {
        var response = await Get(async () => { await Task.Delay(1); return "later"; });
        response.Text.ShouldBe("later");
    }

    [Test]
    public async Task ValueTaskView_IsAwaited()
    {
        var response = await Get(() => new ValueTask<string>("value task"));
        response.Text.ShouldBe("value task");
    }

    [Test]
    public async Task ResponseObject_IsUsedAsIs()
    {
        var response = await Get(() => new Response("raw", 202, "text/plain"));
        response.StatusCode.ShouldBe(202);
        response.Headers["Content-Type"].ShouldBe("text/plain");
    }

    [Test]
    public async Task Redirect_Sets302AndLocation()
    {
        var response = await Get(() => App.Redirect("/elsewhere"));
        response.StatusCode.ShouldBe(302);
        response.Location.ShouldBe("/elsewhere");
    }

    [Test]
    public async Task List_BecomesJsonArray()
    {
        var response = await Get(() => new List<string> { "foo", "bar" });
        response.Text.ShouldBe("[\"foo\",\"bar\"]\n");
    }

    [Test]
    public async Task JsonElement_BecomesJson()
    {
        var response = await Get(() => System.Text.Json.JsonDocument.Parse("{\"a\":1}").RootElement);
        response.Json.GetProperty("a").GetInt32().ShouldBe(1);
    }

    private static async Task<InvalidOperationException> GetError(Delegate view)
    {
        var app = TestApp.Create(a => a.Testing = true);
        app.Route("/x", view, endpoint: "from_view");
        return await Should.ThrowAsync<InvalidOperationException>(() => app.TestClient().GetAsync("/x"));
    }

    [Test]
    public async Task Null_IsAnErrorNamingTheView()
    {
        var error = await GetError(() => (string?)null);
        error.Message.ShouldStartWith("The view function for 'from_view' did not return a valid response.");
        error.Message.ShouldContain("returned null");
    }

    [Test]
    public async Task Bool_IsAnErrorNamingTheType()
    {
        var error = await GetError(() => true);
        error.Message.ShouldContain("'from_view'");
        error.Message.ShouldContain("but it was a bool.");
    }

    [Test]
    public async Task ClassOfTheApp_IsAnErrorPointingToJsonify()
    {
        var error = await GetError(() => new Point(1, 2));
        error.Message.ShouldContain("but it was a Point.");
        error.Message.ShouldContain("App.Jsonify(value)");
    }

    [Test]
    public async Task Delegate_IsAnError()
    {
        var error = await GetError(() => new Func<string>(() => "x"));
        error.Message.ShouldContain("but it was a Func<String>.");
    }

    [Test]
    public async Task InvalidType_OutsideTesting_Is500()
    {
        var app = TestApp.Create();
        app.Route("/x", () => 42);
        var response = await app.TestClient().GetAsync("/x");
        response.StatusCode.ShouldBe(500);
    }

    [Test]
    public async Task ClassOfTheApp_ThroughJsonify_IsJson()
    {
        var response = await Get(() => App.Jsonify(new Point(1, 2)));
        response.Text.ShouldBe("{\"x\":1,\"y\":2}\n");
    }

    private sealed record Point(int X, int Y);
}
