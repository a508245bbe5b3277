namespace MicroFlask.Flaskr.Tests;

/// <summary>Flask's tutorial tests/test_blog.py, case by case.</summary>
public class BlogTests
{
    private static Dictionary<string, string> Post(string title, string body = "") => new() { ["title"] = title, ["body"] = body };

    [Test]
    public async Task Index_LoggedOutThenIn_ShowsLinksAndThePost()
    {
        using var f = FlaskrFixture.Create();
        var anonymous = (await f.Client.GetAsync("/")).Text;
        await f.LoginAsync();

        var page = (await f.Client.GetAsync("/")).Text;

        anonymous.ShouldContain("Log In");
        anonymous.ShouldContain("Register");
        page.ShouldContain("test title");
        page.ShouldContain("by test on 2018-01-01");
        page.ShouldContain("test\nbody");
        page.ShouldContain("href=\"/1/update\"");
    }

    [TestCase("/create")]
    [TestCase("/1/update")]
    [TestCase("/1/delete")]
    public async Task Post_NotLoggedIn_RedirectsToLogin(string path)
    {
        using var f = FlaskrFixture.Create();

        var response = await f.Client.PostAsync(path);

        response.Location.ShouldBe("/auth/login");
    }

    [Test]
    public async Task UpdateAndDelete_SomeoneElsesPost_Are403AndTheEditLinkIsHidden()
    {
        using var f = FlaskrFixture.Create();
        f.Scalar("UPDATE post SET author_id = 2 WHERE id = 1");
        await f.LoginAsync();

        (await f.Client.PostAsync("/1/update")).StatusCode.ShouldBe(403);
        (await f.Client.PostAsync("/1/delete")).StatusCode.ShouldBe(403);
        (await f.Client.GetAsync("/")).Text.ShouldNotContain("href=\"/1/update\"");
    }

    [TestCase("/2/update")]
    [TestCase("/2/delete")]
    public async Task Post_MissingPost_Is404(string path)
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();

        (await f.Client.PostAsync(path)).StatusCode.ShouldBe(404);
    }

    [Test]
    public async Task Create_AddsAPost()
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();
        (await f.Client.GetAsync("/create")).StatusCode.ShouldBe(200);

        var response = await f.Client.PostAsync("/create", form: Post("created"));

        response.Location.ShouldBe("/");
        f.Scalar("SELECT count(id) FROM post").ShouldBe(2L);
    }

    [Test]
    public async Task Update_ChangesThePost()
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();
        var form = (await f.Client.GetAsync("/1/update")).Text;

        await f.Client.PostAsync("/1/update", form: Post("updated"));

        form.ShouldContain("<h1>Edit \"test title\"</h1>");
        form.ShouldContain("value=\"test title\"");
        f.Scalar("SELECT title FROM post WHERE id = 1").ShouldBe("updated");
    }

    [TestCase("/create")]
    [TestCase("/1/update")]
    public async Task CreateOrUpdate_WithoutTitle_SaysTitleIsRequired(string path)
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();

        var response = await f.Client.PostAsync(path, form: Post(""));

        response.Text.ShouldContain("Title is required.");
    }

    [Test]
    public async Task Delete_RemovesThePostAndRedirectsToIndex()
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();

        var response = await f.Client.PostAsync("/1/delete");

        response.Location.ShouldBe("/");
        f.Scalar("SELECT count(*) FROM post WHERE id = 1").ShouldBe(0L);
    }

    [Test]
    public async Task Create_TitleWithHtml_IsEscapedOnTheIndex()
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();
        await f.Client.PostAsync("/create", form: Post("<script>x</script>", "a & b"));

        var page = (await f.Client.GetAsync("/")).Text;

        page.ShouldContain("<h1>&lt;script&gt;x&lt;/script&gt;</h1>");
        page.ShouldContain("<p class=\"body\">a &amp; b</p>");
    }
}
