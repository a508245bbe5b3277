using System.Text.RegularExpressions;
using MicroFlask.Testing;

namespace MicroFlask.Todo.Tests;

/// <summary>Examples/Todo through the test client: login, flash, the list's pages, and sessions kept in SQLite.</summary>
[TestFixture]
public sealed class TodoAppTests
{
    private string _database = "";
    private TestClient _client = null!;

    [SetUp]
    public void CreateApp()
    {
        _database = Path.Combine(Path.GetTempPath(), "todo-test-" + Guid.NewGuid().ToString("N") + ".db");
        _client = CreateTodoApp().TestClient();
    }

    [TearDown]
    public void RemoveDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_database) + "*")) File.Delete(file);
        if (File.Exists(_database)) File.Delete(_database);
    }

    [Test]
    public async Task Index_NotLoggedIn_RedirectsToLogin()
    {
        var response = await _client.GetAsync("/todos/");

        response.StatusCode.ShouldBe(302);
        response.Location.ShouldBe("/auth/login");
    }

    [Test]
    public async Task Index_NotLoggedIn_FlashesPleaseLogIn()
    {
        var page = await _client.GetAsync("/todos/", followRedirects: true);

        page.Text.ShouldContain("Please log in first.");
    }

    [Test]
    public async Task Root_RedirectsToList()
    {
        var response = await _client.GetAsync("/");

        response.Location.ShouldBe("/todos/");
    }

    [Test]
    public async Task Login_WithName_ShowsWelcomeAndEmptyList()
    {
        var page = await LogInAsync("ann");

        page.ShouldSatisfyAllConditions(
            () => page.Text.ShouldContain("Welcome, ann!"),
            () => page.Text.ShouldContain("Logged in as <strong>ann</strong>"),
            () => page.Text.ShouldContain("Nothing to do."));
    }

    [Test]
    public async Task Login_EmptyName_Is400WithMessage()
    {
        var page = await _client.PostAsync("/auth/login", form: Form(("username", "  ")));

        page.StatusCode.ShouldBe(400);
        page.Text.ShouldContain("Please enter a name.");
    }

    [Test]
    public async Task Add_Title_ShowsItem()
    {
        await LogInAsync("ann");

        var page = await _client.PostAsync("/todos/", form: Form(("title", "buy milk")), followRedirects: true);

        page.Text.ShouldContain("<span class=\"title\">buy milk</span>");
        page.Text.ShouldContain("1 left");
    }

    [Test]
    public async Task Flash_AfterAdd_IsShownOnce()
    {
        await LogInAsync("ann");
        var first = await _client.PostAsync("/todos/", form: Form(("title", "buy milk")), followRedirects: true);

        var second = await _client.GetAsync("/todos/");

        first.Text.ShouldContain("Added “buy milk”.");
        second.Text.ShouldNotContain("Added");
    }

    [Test]
    public async Task Add_TitleWithMarkup_IsEscaped()
    {
        await LogInAsync("ann");

        var page = await _client.PostAsync("/todos/", form: Form(("title", "<script>alert(1)</script>")), followRedirects: true);

        page.Text.ShouldNotContain("<script>alert(1)</script>");
        page.Text.ShouldContain("&lt;script&gt;");
    }

    [Test]
    public async Task Toggle_Item_MarksItDone()
    {
        await LogInAsync("ann");
        await _client.PostAsync("/todos/", form: Form(("title", "buy milk")));

        var page = await _client.PostAsync("/todos/1/toggle", followRedirects: true);

        page.Text.ShouldContain("<li class=\"done\">");
        page.Text.ShouldContain("0 left");
    }

    [Test]
    public async Task Delete_MissingItem_Is404()
    {
        await LogInAsync("ann");

        var response = await _client.PostAsync("/todos/42/delete");

        response.StatusCode.ShouldBe(404);
        response.Text.ShouldContain("Not found");
    }

    [Test]
    public async Task ClearDone_RemovesOnlyFinishedItems()
    {
        await LogInAsync("ann");
        await _client.PostAsync("/todos/", form: Form(("title", "buy milk")));
        await _client.PostAsync("/todos/", form: Form(("title", "walk the dog")));
        await _client.PostAsync("/todos/1/toggle");

        var page = await _client.PostAsync("/todos/clear-done", followRedirects: true);

        page.Text.ShouldNotContain("buy milk</span>");
        page.Text.ShouldContain("walk the dog</span>");
    }

    [Test]
    public async Task Logout_ThenList_RedirectsToLogin()
    {
        await LogInAsync("ann");

        await _client.PostAsync("/auth/logout");
        var response = await _client.GetAsync("/todos/");

        response.StatusCode.ShouldBe(302);
    }

    [Test]
    public async Task SessionCookie_HoldsOnlyAnId_NotTheList()
    {
        await LogInAsync("ann");
        await _client.PostAsync("/todos/", form: Form(("title", "secret plan")));

        var cookie = _client.GetCookie("session")!;

        cookie.ShouldNotContain("secret");
        cookie.Length.ShouldBeLessThan(120);
    }

    [Test]
    public async Task Session_IsStoredInSqlite_SecondAppOnSameFileSeesTheList()
    {
        await LogInAsync("ann");
        await _client.PostAsync("/todos/", form: Form(("title", "buy milk")));

        var other = CreateTodoApp().TestClient();
        other.SetCookie("session", _client.GetCookie("session")!);
        var page = await other.GetAsync("/todos/");

        page.Text.ShouldContain("buy milk");
    }

    [Test]
    public async Task Stylesheet_IsServedFromStatic()
    {
        var response = await _client.GetAsync("/static/style.css");

        response.StatusCode.ShouldBe(200);
        response.Text.ShouldContain(".todos");
    }

    private App CreateTodoApp() => TodoApp.Create(new Dictionary<string, string>
    {
        ["MICROFLASK_SECRET_KEY"] = "todo-test-key",
        ["MICROFLASK_SESSION_SQL_URL"] = $"Data Source={_database}",
    });

    [Test]
    public async Task Sessions_TwoDevices_ListsBothAndMarksThisOne()
    {
        var app = CreateTodoApp();
        var phone = app.TestClient();
        var laptop = app.TestClient();
        await phone.PostAsync("/auth/login", form: Form(("username", "ann")), headers: Agent("Phone"));
        await laptop.PostAsync("/auth/login", form: Form(("username", "ann")), headers: Agent("Laptop"));

        var page = (await phone.GetAsync("/sessions/")).Text;

        (Regex.Count(page, "/revoke\""), Regex.Matches(page, "<li class=\"current\">\\s*<span class=\"agent\">(\\w+)").Single().Groups[1].Value)
            .ShouldBe((2, "Phone"));
    }

    [Test]
    public async Task Sessions_RevokeTheOtherDevice_LogsItOut()
    {
        var app = CreateTodoApp();
        var phone = app.TestClient();
        var laptop = app.TestClient();
        await phone.PostAsync("/auth/login", form: Form(("username", "ann")), headers: Agent("Phone"));
        await laptop.PostAsync("/auth/login", form: Form(("username", "ann")), headers: Agent("Laptop"));
        var page = (await phone.GetAsync("/sessions/")).Text;
        var laptopRevoke = Regex.Match(page, "Laptop</span>.*?action=\"([^\"]+)\"", RegexOptions.Singleline).Groups[1].Value;

        await phone.PostAsync(laptopRevoke);

        ((await laptop.GetAsync("/todos/")).Location, (await phone.GetAsync("/todos/")).StatusCode).ShouldBe(("/auth/login", 200));
    }

    private static Dictionary<string, string> Agent(string userAgent) => new() { ["User-Agent"] = userAgent };

    private async Task<TestResponse> LogInAsync(string name) =>
        await _client.PostAsync("/auth/login", form: Form(("username", name)), followRedirects: true);

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);
}
