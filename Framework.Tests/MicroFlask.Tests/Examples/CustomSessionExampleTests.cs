using MicroFlask.Testing;

namespace MicroFlask.Tests.Examples;

/// <summary>Examples/CustomSession through the test client: a signed id in the cookie, the data on the server.</summary>
public class CustomSessionExampleTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["MICROFLASK_SECRET_KEY"] = "custom-test-key" };

    [Test]
    public async Task Index_NotLoggedIn_SaysSo() => (await Client().GetAsync("/")).Text.ShouldBe("You are not logged in");

    [Test]
    public async Task Index_AfterLogin_ShowsEscapedName()
    {
        var client = Client();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "bob & co" });

        (await client.GetAsync("/")).Text.ShouldBe("Logged in as bob &amp; co");
    }

    [Test]
    public async Task Index_AfterLogout_SaysNotLoggedIn()
    {
        var client = Client();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "bob" });
        await client.GetAsync("/logout");

        (await client.GetAsync("/")).Text.ShouldBe("You are not logged in");
    }

    [Test]
    public async Task Login_Post_KeepsDataOnServerAndOnlySignedIdInCookie()
    {
        var app = CustomSessionApp.Create(Environment);
        var client = app.TestClient();

        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "bob" });

        var sid = ((MySessionInterface)app.SessionInterface).Container.Keys.Single();
        client.GetCookie("session")!.ShouldStartWith(sid + ".");
    }

    [Test]
    public async Task Index_ForgedSessionId_SaysNotLoggedIn()
    {
        var app = CustomSessionApp.Create(Environment);
        var client = app.TestClient();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "bob" });
        var sid = ((MySessionInterface)app.SessionInterface).Container.Keys.Single();
        client.SetCookie("session", sid + ".forged");

        (await client.GetAsync("/")).Text.ShouldBe("You are not logged in");
    }

    [Test]
    public async Task Logout_AfterLogin_RemovesStoredSession()
    {
        var app = CustomSessionApp.Create(Environment);
        var client = app.TestClient();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "bob" });

        await client.GetAsync("/logout");

        ((MySessionInterface)app.SessionInterface).Container.ShouldBeEmpty();
    }

    private static TestClient Client() => CustomSessionApp.Create(Environment).TestClient();
}
