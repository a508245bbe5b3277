using System.Collections;

namespace MicroFlaskWeb.Tests;

/// <summary>The mounted MicroFlask app through its test client: in-process, through the same entry the server uses, cookies kept.</summary>
public class FlaskAppTests
{
    private static MicroFlask.Testing.TestClient Client() =>
        FlaskApp.Create(new Hashtable { ["MICROFLASK_SECRET_KEY"] = "test-secret-key" }).TestClient();

    private static Dictionary<string, string> Name(string name) => new() { ["username"] = name };

    [Test]
    public async Task Index_NotLoggedIn_OffersLogin()
    {
        var index = await Client().GetAsync("/");

        index.Text.ShouldSatisfyAllConditions(
            text => text.ShouldContain("You are not logged in"),
            text => text.ShouldContain("href=\"/login\""));
    }

    [Test]
    public async Task Login_Get_ShowsForm()
    {
        var login = await Client().GetAsync("/login");

        login.Text.ShouldContain("<form method=\"post\">");
    }

    [Test]
    public async Task Login_ThenIndex_ShowsNameEscaped()
    {
        var client = Client();

        var login = await client.PostAsync("/login", form: Name("<ann>"));
        var index = await client.GetAsync("/");

        login.StatusCode.ShouldBe(302);
        index.Text.ShouldContain("Logged in as &lt;ann&gt;");
    }

    [Test]
    public async Task Login_WithoutName_IsBadRequest()
    {
        var login = await Client().PostAsync("/login", form: Name(" "));

        login.StatusCode.ShouldBe(400);
    }

    [Test]
    public async Task Logout_AfterLogin_ForgetsName()
    {
        var client = Client();
        await client.PostAsync("/login", form: Name("ann"));

        await client.GetAsync("/logout");
        var index = await client.GetAsync("/");

        index.Text.ShouldContain("You are not logged in");
    }

    [Test]
    public async Task StyleSheet_IsServed()
    {
        var style = await Client().GetAsync("/static/style.css");

        style.Text.ShouldContain("font-family");
    }
}
