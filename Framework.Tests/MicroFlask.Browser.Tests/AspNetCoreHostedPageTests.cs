namespace MicroFlask.Browser.Tests;

/// <summary>
/// Examples/AspNetCoreHosted in a real browser: logging in through the MicroFlask app mounted at /flask is recognised
/// by the minimal-API endpoint /api/me, which reads the same Flask session cookie, and logging out there is seen back.
/// </summary>
[TestFixture]
public sealed class AspNetCoreHostedPageTests : PageTest
{
    private ServedWebApp _app = null!;

    [SetUp]
    public async Task StartApp() =>
        _app = await ServedWebApp.StartAsync(args => HostedApp.Build(args, new Dictionary<string, string> { ["MICROFLASK_SECRET_KEY"] = "browser-test-key" }));

    [TearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task LoginOnFlaskRoute_IsRecognisedOnMinimalApiRoute()
    {
        await LogInAsync("ann");

        await Page.GotoAsync(_app.Url + "/api/me");

        await Expect(Page.Locator("body")).ToContainTextAsync("\"username\":\"ann\"");
        await Screenshots.AttachAsync(Page, "api-me");
    }

    [Test]
    public async Task NotLoggedIn_MinimalApiRoute_SeesNobody()
    {
        await Page.GotoAsync(_app.Url + "/api/me");

        await Expect(Page.Locator("body")).ToContainTextAsync("\"username\":null");
    }

    [Test]
    public async Task LogoutOnMinimalApiRoute_IsSeenByFlaskRoute()
    {
        await LogInAsync("ann");

        var logout = await Page.APIRequest.PostAsync(_app.Url + "/api/logout");
        await Page.GotoAsync(_app.Url + "/flask/");

        logout.Status.ShouldBe(204);
        await Expect(Page.Locator("body")).ToContainTextAsync("You are not logged in");
    }

    private async Task LogInAsync(string name)
    {
        await Page.GotoAsync(_app.Url + "/flask/");
        // The link is built by UrlFor under the mount path.
        await Page.GetByText("Log in").ClickAsync();
        await Page.WaitForURLAsync(_app.Url + "/flask/login");
        await Page.Locator("input[name=username]").FillAsync(name);
        await Page.Locator("input[type=submit]").ClickAsync();
        await Page.WaitForURLAsync(_app.Url + "/flask/");
        await Expect(Page.Locator("body")).ToContainTextAsync("Logged in as " + name);
        await Screenshots.AttachAsync(Page, "logged-in");
    }
}
