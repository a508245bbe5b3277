using System.Text;
using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;

namespace MicroFlask.Tests.Flashing;

/// <summary>Flash messages through the default signed-cookie session, in Flask's cookie format.</summary>
public class CookieSessionFlashTests
{
    private static App CreateApp()
    {
        var app = TestApp.Create();
        app.Route("/flash/<category>/<message>", (string category, string message) => { Flash.Add(message, category); return "ok"; });
        app.Route("/show", () => string.Join(",", Flash.GetMessagesWithCategories().Select(f => f.Category + ":" + f.Message)));
        return app;
    }

    [Test]
    public async Task GetFlashedMessages_CookieSession_ShowsTheMessageOnce()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/flash/info/Saved");

        var first = (await client.GetAsync("/show")).Text;
        var second = (await client.GetAsync("/show")).Text;

        (first + "|" + second).ShouldBe("info:Saved|");
    }

    [Test]
    public async Task Flash_CookieSession_WritesFlasksTupleShape()
    {
        var client = CreateApp().TestClient();

        await client.GetAsync("/flash/info/Hi");

        var payload = client.GetCookie("session")!.Split('.')[0];
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/').PadRight((payload.Length + 3) / 4 * 4, '=')));
        json.ShouldBe("{\"_flashes\":[{\" t\":[\"info\",\"Hi\"]}]}");
    }

    [Test]
    public async Task GetFlashedMessages_CookieWrittenByFlask_ReadsTheTuples()
    {
        var app = CreateApp();
        var serializer = ((SecureCookieSessionInterface)app.SessionInterface).GetSigningSerializer(app)!;
        var client = app.TestClient();
        client.SetCookie("session", serializer.Dumps(new Dictionary<string, object?>
        {
            ["_flashes"] = new List<object?> { new JsonTuple("error", "From Flask"), new JsonTuple("message", "Hello") },
        }));

        var response = await client.GetAsync("/show");

        response.Text.ShouldBe("error:From Flask,message:Hello");
    }

    [Test]
    public async Task GetFlashedMessages_LastMessagesShown_DeletesTheEmptySessionCookie()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/flash/info/Saved");

        await client.GetAsync("/show");

        client.GetCookie("session").ShouldBeNull();
    }
}
