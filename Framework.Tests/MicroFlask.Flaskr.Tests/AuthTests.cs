namespace MicroFlask.Flaskr.Tests;

/// <summary>Flask's tutorial tests/test_auth.py, case by case.</summary>
public class AuthTests
{
    [Test]
    public async Task Register_Valid_RedirectsToLoginAndStoresTheUser()
    {
        using var f = FlaskrFixture.Create();
        (await f.Client.GetAsync("/auth/register")).StatusCode.ShouldBe(200);

        var response = await f.Client.PostAsync("/auth/register", form: new Dictionary<string, string> { ["username"] = "a", ["password"] = "a" });

        response.Location.ShouldBe("/auth/login");
        f.Scalar("SELECT count(*) FROM user WHERE username = 'a'").ShouldBe(1L);
    }

    [TestCase("", "", "Username is required.")]
    [TestCase("a", "", "Password is required.")]
    [TestCase("test", "test", "already registered")]
    public async Task Register_Invalid_ShowsTheMessage(string username, string password, string message)
    {
        using var f = FlaskrFixture.Create();

        var response = await f.Client.PostAsync("/auth/register", form: new Dictionary<string, string> { ["username"] = username, ["password"] = password });

        response.Text.ShouldContain(message);
    }

    [Test]
    public async Task Login_WerkzeugHashedPassword_RedirectsToIndexAndLoadsTheUser()
    {
        using var f = FlaskrFixture.Create();
        (await f.Client.GetAsync("/auth/login")).StatusCode.ShouldBe(200);

        var response = await f.LoginAsync();
        var index = await f.Client.GetAsync("/");

        response.Location.ShouldBe("/");
        index.Text.ShouldContain("<li><span>test</span>");
    }

    [Test]
    public async Task Login_RegisteredHere_Works()
    {
        using var f = FlaskrFixture.Create();
        await f.Client.PostAsync("/auth/register", form: new Dictionary<string, string> { ["username"] = "new", ["password"] = "secret" });

        var response = await f.LoginAsync("new", "secret");

        response.Location.ShouldBe("/");
    }

    [TestCase("a", "test", "Incorrect username.")]
    [TestCase("test", "a", "Incorrect password.")]
    public async Task Login_Invalid_ShowsTheMessage(string username, string password, string message)
    {
        using var f = FlaskrFixture.Create();

        var response = await f.LoginAsync(username, password);

        response.Text.ShouldContain(message);
    }

    [Test]
    public async Task Logout_ForgetsTheUser()
    {
        using var f = FlaskrFixture.Create();
        await f.LoginAsync();

        await f.Client.GetAsync("/auth/logout");
        var index = await f.Client.GetAsync("/");

        index.Text.ShouldContain("Log In");
        index.Text.ShouldNotContain("Log Out");
    }
}
