using System.Text;

namespace MicroFlask.Tests.Http;

/// <summary>Werkzeug 3.1's get_json(force, silent) and Flask's on_json_loading_failed.</summary>
public class GetJsonTests
{
    private sealed record Item(string Name);

    private static async Task<Testing.TestResponse> Post(Func<Request, object?> view, string body, string contentType, bool debug = false)
    {
        var app = TestApp.Create(a => a.Debug = debug);
        app.Route("/", (Request request) => view(request), methods: ["POST"]);
        return await app.TestClient().PostAsync("/", data: Encoding.UTF8.GetBytes(body), contentType: contentType);
    }

    [Test]
    public async Task NotJson_Silent_IsNull()
    {
        var response = await Post(r => r.GetJson(silent: true) is null ? "none" : "parsed", "{\"name\":\"pen\"}", "text/plain");

        response.Text.ShouldBe("none");
    }

    [Test]
    public async Task NotJson_Force_Parses()
    {
        var response = await Post(r => r.GetJson<Item>(force: true)!.Name, "{\"name\":\"pen\"}", "text/plain");

        response.Text.ShouldBe("pen");
    }

    [Test]
    public async Task NotJson_Json_Is415()
    {
        var response = await Post(r => r.Json is null ? "none" : "parsed", "{}", "text/plain");

        response.StatusCode.ShouldBe(415);
    }

    [Test]
    public async Task Malformed_Silent_IsNull()
    {
        var response = await Post(r => r.GetJson(silent: true) is null ? "none" : "parsed", "{\"name\":", "application/json");

        response.Text.ShouldBe("none");
    }

    [Test]
    public async Task Malformed_ForceSilent_IsDefault()
    {
        var response = await Post(r => r.GetJson<Item>(force: true, silent: true) is null ? "none" : "parsed", "not json", "text/plain");

        response.Text.ShouldBe("none");
    }

    [Test]
    public async Task Malformed_Force_Is400()
    {
        var response = await Post(r => r.GetJson(force: true).ToString(), "not json", "text/plain");

        response.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Malformed_InProduction_PageHidesTheParserMessage()
    {
        var response = await Post(r => r.GetJson().ToString(), "{\"name\":", "application/json");

        response.StatusCode.ShouldBe(400);
        response.Text.ShouldNotContain("Failed to decode JSON object");
    }

    [Test]
    public async Task Malformed_Debug_PageSaysWhy()
    {
        var response = await Post(r => r.GetJson().ToString(), "{\"name\":", "application/json", debug: true);

        response.StatusCode.ShouldBe(400);
        response.Text.ShouldContain("Failed to decode JSON object");
    }

    [Test]
    public async Task JsonNull_IsNull()
    {
        var response = await Post(r => r.GetJson() is null ? "none" : "parsed", "null", "application/json");

        response.Text.ShouldBe("none");
    }

    [Test]
    public async Task ValidJson_ReturnsTheElement()
    {
        var response = await Post(r => r.GetJson()!.Value.GetProperty("name").GetString(), "{\"name\":\"pen\"}", "application/json");

        response.Text.ShouldBe("pen");
    }
}
