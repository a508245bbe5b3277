namespace MicroFlask.Browser.Tests;

/// <summary>
/// Examples/Flaskr, Flask's tutorial blog, in a real browser: register, log in, write, edit and delete a post and log
/// out, each through the forms and links of the tutorial's own templates.
/// </summary>
[TestFixture]
public sealed class FlaskrPageTests : PageTest
{
    private string _database = "";
    private ServedApp _app = null!;

    [SetUp]
    public async Task StartApp()
    {
        _database = Path.Combine(Path.GetTempPath(), "flaskr-browser-" + Guid.NewGuid().ToString("N") + ".sqlite");
        var app = FlaskrApp.Create(new Dictionary<string, object?>
        {
            ["SECRET_KEY"] = "flaskr-browser-key",
            ["DATABASE"] = _database,
            ["PASSWORD_HASH_ITERATIONS"] = 1000,
        });
        // The tutorial's own templates and style sheet, not another example's copied next to this test.
        app.RootPath = Path.Combine(Repository.Root, "Examples", "Flaskr");
        _app = await ServedApp.StartAsync(app);
    }

    [TearDown]
    public async Task StopApp()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Test]
    public async Task Blog_RegisterLogInWriteEditDeleteLogOut_ThroughTheTutorialsForms()
    {
        await Page.GotoAsync(_app.Url + "/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Page.Locator("input[name=username]").FillAsync("ann");
        await Page.Locator("input[name=password]").FillAsync("secret");
        await Page.Locator("input[type=submit][value=Register]").ClickAsync();

        // register redirects to the login form.
        await Expect(Page).ToHaveURLAsync(_app.Url + "/auth/login");
        await Page.Locator("input[name=username]").FillAsync("ann");
        await Page.Locator("input[name=password]").FillAsync("secret");
        await Page.Locator("input[type=submit][value='Log In']").ClickAsync();
        await Expect(Page.Locator("nav span")).ToHaveTextAsync("ann");

        await Page.GetByRole(AriaRole.Link, new() { Name = "New" }).ClickAsync();
        await Page.Locator("input[name=title]").FillAsync("First <post>");
        await Page.Locator("textarea[name=body]").FillAsync("Hello from a browser.");
        await Page.Locator("input[type=submit][value=Save]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(_app.Url + "/");
        await Expect(Page.Locator("article.post h1")).ToHaveTextAsync("First <post>");
        await Expect(Page.Locator("article.post .about")).ToContainTextAsync("by ann on " + DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await Expect(Page.Locator("article.post .body")).ToHaveTextAsync("Hello from a browser.");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(Page.Locator("input[name=title]")).ToHaveValueAsync("First <post>");
        await Page.Locator("input[name=title]").FillAsync("Edited post");
        await Page.Locator("input[type=submit][value=Save]").ClickAsync();
        await Expect(Page.Locator("article.post h1")).ToHaveTextAsync("Edited post");
        await Screenshots.AttachAsync(Page, "edited");

        // The delete button asks "Are you sure?" first.
        Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Page.Locator("input[type=submit][value=Delete]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(_app.Url + "/");
        await Expect(Page.Locator("article.post")).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Log Out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Log In" })).ToBeVisibleAsync();
        await Expect(Page.Locator("nav span")).ToHaveCountAsync(0);
        await Screenshots.AttachAsync(Page, "logged-out");
    }
}
