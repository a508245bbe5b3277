using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Tests.Flashing;

/// <summary>Flash messages through a server-side session, whose store keeps each key as tagged JSON.</summary>
public class ServerSideSessionFlashTests
{
    [Test]
    public async Task GetFlashedMessages_ServerSideSession_ShowsTheMessageOnce()
    {
        var app = TestApp.Create(a => a.SessionInterface = new MemorySessionInterface());
        app.Route("/flash", () => { Flash.Add("Saved", "info"); return "ok"; });
        app.Route("/show", () => string.Join(",", Flash.GetMessagesWithCategories().Select(f => f.Category + ":" + f.Message)));
        var client = app.TestClient();
        await client.GetAsync("/flash");

        var first = (await client.GetAsync("/show")).Text;
        var second = (await client.GetAsync("/show")).Text;

        (first + "|" + second).ShouldBe("info:Saved|");
    }
}
