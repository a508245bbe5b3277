namespace MicroFlask.Browser.Tests;

/// <summary>Examples/Todo in a real browser: the whole framework on one page (templates, forms, flash, blueprints, SQLite sessions).</summary>
[TestFixture]
public sealed class TodoPageTests : PageTest
{
    private string _database = "";
    private ServedApp _app = null!;

    [SetUp]
    public async Task StartApp()
    {
        _database = Path.Combine(Path.GetTempPath(), "todo-browser-" + Guid.NewGuid().ToString("N") + ".db");
        _app = await ServedApp.StartAsync(TodoApp.Create(new Dictionary<string, string>
        {
            ["MICROFLASK_SECRET_KEY"] = "todo-browser-key",
            ["MICROFLASK_SESSION_SQL_URL"] = "Data Source=" + _database,
        }));
    }

    [TearDown]
    public async Task StopApp()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Test]
    public async Task AddAndTickOff_ThroughForms_ShowsListAndFlash()
    {
        await Page.GotoAsync(_app.Url + "/");
        await Expect(Page.Locator(".flash")).ToHaveTextAsync("Please log in first.");
        await Page.Locator("input[name=username]").FillAsync("ann");
        await Page.Locator("button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToHaveTextAsync("Welcome, ann!");

        await Page.Locator("input[name=title]").FillAsync("buy milk");
        await Page.Locator("button", new() { HasText = "Add" }).ClickAsync();
        await Page.Locator("input[name=title]").FillAsync("walk the dog");
        await Page.Locator("button", new() { HasText = "Add" }).ClickAsync();
        await Page.Locator("li", new() { HasText = "buy milk" }).Locator("button[title=Toggle]").ClickAsync();

        await Expect(Page.Locator("li.done .title")).ToHaveTextAsync("buy milk");
        await Expect(Page.Locator(".summary")).ToHaveTextAsync("1 left");
        await Screenshots.AttachAsync(Page, "todos");
    }

    [Test]
    public async Task LogOutEverywhere_FromOneBrowser_LogsOutTheOther()
    {
        var phone = await (await NewContext(new() { UserAgent = "Phone browser" })).NewPageAsync();
        var laptop = await (await NewContext(new() { UserAgent = "Laptop browser" })).NewPageAsync();
        await LogInAsync(phone, "ann");
        await LogInAsync(laptop, "ann");

        await phone.Locator("a", new() { HasText = "Sessions" }).ClickAsync();
        await Expect(phone.Locator(".sessions li")).ToHaveCountAsync(2);
        await Expect(phone.Locator(".sessions li.current .agent")).ToHaveTextAsync("Phone browser");
        await Expect(phone.Locator(".sessions li:not(.current) .agent")).ToHaveTextAsync("Laptop browser");
        await Screenshots.AttachAsync(phone, "sessions");
        await phone.Locator("button", new() { HasText = "Log out everywhere" }).ClickAsync();
        await Expect(phone.Locator(".flash")).ToHaveTextAsync("You are logged out on 2 devices.");

        await laptop.GotoAsync(_app.Url + "/todos/");
        await Expect(laptop.Locator(".flash")).ToHaveTextAsync("Please log in first.");
    }

    private async Task LogInAsync(IPage page, string name)
    {
        await page.GotoAsync(_app.Url + "/auth/login");
        await page.Locator("input[name=username]").FillAsync(name);
        await page.Locator("button[type=submit]", new() { HasText = "Log in" }).ClickAsync();
        await Expect(page.Locator(".flash")).ToHaveTextAsync($"Welcome, {name}!");
    }
}
