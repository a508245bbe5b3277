namespace MicroFlask.Browser.Tests;

/// <summary>
/// Examples/Login in a real browser (Debian's chromium): the form, the HttpOnly session cookie, permanent and
/// browser-session cookies across a browser restart, and logging out.
/// </summary>
[TestFixture]
public sealed class LoginPageTests : PageTest
{
    private ServedApp _app = null!;

    [SetUp]
    public async Task StartApp() =>
        _app = await ServedApp.StartAsync(LoginApp.Create(new Dictionary<string, string> { ["MICROFLASK_SECRET_KEY"] = "browser-test-key" }));

    [TearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Login_ThroughForm_ShowsLoggedInAs()
    {
        await LogInAsync(Page, "Ann <b>Admin</b>", remember: false);

        // The name comes back as text: escaped by the app, not turned into a bold element.
        await Expect(Page.Locator("body")).ToContainTextAsync("Logged in as Ann <b>Admin</b>");
        (await Page.Locator("b").CountAsync()).ShouldBe(0);
        await Screenshots.AttachAsync(Page, "logged-in");
    }

    [Test]
    public async Task SessionCookie_AfterLogin_IsHiddenFromDocumentCookie()
    {
        await LogInAsync(Page, "ann", remember: false);

        var cookies = await Context.CookiesAsync();
        cookies.ShouldContain(c => c.Name == "session" && c.HttpOnly);
        var visibleToScript = await Page.EvaluateAsync<string>("() => document.cookie");
        visibleToScript.ShouldNotContain("session=");
    }

    [Test]
    public async Task BrowserSession_AfterBrowserRestart_IsGone()
    {
        await using var profile = new BrowserProfile(Playwright);
        var page = await profile.OpenAsync();
        await LogInAsync(page, "ann", remember: false);
        await Expect(page.Locator("body")).ToContainTextAsync("Logged in as ann");

        page = await profile.OpenAsync();
        await page.GotoAsync(_app.Url + "/");

        await Expect(page.Locator("body")).ToContainTextAsync("You are not logged in");
        await Screenshots.AttachAsync(page, "after-restart");
    }

    [Test]
    public async Task PermanentSession_AfterBrowserRestart_Survives()
    {
        await using var profile = new BrowserProfile(Playwright);
        var page = await profile.OpenAsync();
        await LogInAsync(page, "ann", remember: true);

        page = await profile.OpenAsync();
        await page.GotoAsync(_app.Url + "/");

        await Expect(page.Locator("body")).ToContainTextAsync("Logged in as ann");
        await Screenshots.AttachAsync(page, "after-restart");
    }

    [Test]
    public async Task Logout_AfterLogin_ShowsNotLoggedIn()
    {
        await LogInAsync(Page, "ann", remember: false);

        await Page.GotoAsync(_app.Url + "/logout");

        await Expect(Page.Locator("body")).ToContainTextAsync("You are not logged in");
        (await Context.CookiesAsync()).ShouldNotContain(c => c.Name == "session");
        await Screenshots.AttachAsync(Page, "logged-out");
    }

    private async Task LogInAsync(IPage page, string name, bool remember)
    {
        await page.GotoAsync(_app.Url + "/login");
        await page.Locator("input[name=username]").FillAsync(name);
        if (remember) await page.Locator("input[name=remember]").CheckAsync();
        await page.Locator("input[type=submit]").ClickAsync();
        // The URL, not the load event: a persistent profile's first page on a busy machine has been seen to miss
        // the load event of the redirect, while the page itself had arrived.
        await Expect(page).ToHaveURLAsync(_app.Url + "/", new() { Timeout = 30_000 });
    }
}
