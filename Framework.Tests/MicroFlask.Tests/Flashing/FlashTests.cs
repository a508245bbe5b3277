using MicroFlask.Sessions;

namespace MicroFlask.Tests.Flashing;

public class FlashTests
{
    private static App CreateApp()
    {
        var app = TestApp.Create(a => a.SessionInterface = new InMemorySessionInterface());
        app.Route("/flash/<category>/<message>", (string category, string message) => { Flash.Add(message, category); return "ok"; });
        app.Route("/flash/<message>", (string message) => { Flash.Add(message); return "ok"; });
        app.Route("/show", () => string.Join(",", Flash.GetMessages()));
        return app;
    }

    [Test]
    public async Task GetFlashedMessages_NextRequest_ReturnsTheMessage()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/flash/Saved");

        var response = await client.GetAsync("/show");

        response.Text.ShouldBe("Saved");
    }

    [Test]
    public async Task GetFlashedMessages_SecondPage_IsEmpty()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/flash/Saved");
        await client.GetAsync("/show");

        var response = await client.GetAsync("/show");

        response.Text.ShouldBe("");
    }

    [Test]
    public async Task GetFlashedMessages_CalledTwiceInOneRequest_ReturnsTheSameMessages()
    {
        var app = CreateApp();
        app.Route("/twice", () => string.Join(",", Flash.GetMessages()) + "|" + string.Join(",", Flash.GetMessages()));
        var client = app.TestClient();
        await client.GetAsync("/flash/Saved");

        var response = await client.GetAsync("/twice");

        response.Text.ShouldBe("Saved|Saved");
    }

    [Test]
    public async Task GetFlashedMessages_SeveralFlashes_KeepsTheirOrder()
    {
        var client = CreateApp().TestClient();
        await client.GetAsync("/flash/one");
        await client.GetAsync("/flash/two");

        var response = await client.GetAsync("/show");

        response.Text.ShouldBe("one,two");
    }

    [Test]
    public async Task GetFlashedMessagesWithCategories_ReturnsCategoryAndMessage()
    {
        var app = CreateApp();
        app.Route("/categories", () => string.Join(",", Flash.GetMessagesWithCategories().Select(f => f.Category + ":" + f.Message)));
        var client = app.TestClient();
        await client.GetAsync("/flash/error/Bad");
        await client.GetAsync("/flash/Plain");

        var response = await client.GetAsync("/categories");

        response.Text.ShouldBe("error:Bad,message:Plain");
    }

    [Test]
    public async Task GetFlashedMessages_CategoryFilter_KeepsOnlyThoseCategories()
    {
        var app = CreateApp();
        app.Route("/errors", () => string.Join(",", Flash.GetMessages("error", "warning")));
        var client = app.TestClient();
        await client.GetAsync("/flash/error/Bad");
        await client.GetAsync("/flash/info/Fine");
        await client.GetAsync("/flash/warning/Careful");

        var response = await client.GetAsync("/errors");

        response.Text.ShouldBe("Bad,Careful");
    }

    [Test]
    public async Task Flash_StoresFlasksShape_ListOfCategoryMessagePairs()
    {
        var sessions = new InMemorySessionInterface();
        var app = TestApp.Create(a => a.SessionInterface = sessions);
        app.Route("/", () => { Flash.Add("Hi", "info"); return "ok"; });

        await app.TestClient().GetAsync("/");

        var stored = sessions.Sessions.Values.Single().Data["_flashes"].ShouldBeAssignableTo<List<object?>>()!;
        stored.ShouldBe(new object?[] { ("info", "Hi") });
    }

    [Test]
    public async Task GetFlashedMessages_PairsStoredAsLists_AreRead()
    {
        // A serializer without tuples (plain JSON, msgpack) gives the pairs back as lists.
        var sessions = new InMemorySessionInterface();
        sessions.Sessions["abc"] = new SessionDictionary(new Dictionary<string, object?>
        {
            ["_flashes"] = new List<object?> { new List<object?> { "error", "From Flask" } },
        });
        var app = TestApp.Create(a => a.SessionInterface = sessions);
        app.Route("/", () => string.Join(",", Flash.GetMessagesWithCategories().Select(f => f.Category + ":" + f.Message)));
        var client = app.TestClient();
        client.SetCookie("sid", "abc");

        var response = await client.GetAsync("/");

        response.Text.ShouldBe("error:From Flask");
    }

    [Test]
    public async Task Flash_SendsMessageFlashedSignal()
    {
        var app = CreateApp();
        var seen = new List<(string, string)>();
        app.Signals.MessageFlashed.Connect((_, flashed) => seen.Add(flashed));

        await app.TestClient().GetAsync("/flash/warning/Careful");

        seen.ShouldBe(new[] { ("Careful", "warning") });
    }

    [Test]
    public async Task GetFlashedMessages_NoSessionInterface_IsEmpty()
    {
        var app = TestApp.Create();
        app.Route("/", () => Flash.GetMessages().Count.ToString());

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("0");
    }
}
