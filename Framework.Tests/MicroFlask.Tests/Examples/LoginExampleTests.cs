using MicroFlask.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Tests.Examples;

/// <summary>Examples/Login through the test client: log in, see the escaped name, log out.</summary>
public class LoginExampleTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["MICROFLASK_SECRET_KEY"] = "login-test-key" };

    [Test]
    public async Task Index_NotLoggedIn_SaysSo() => (await Client().GetAsync("/")).Text.ShouldBe("You are not logged in");

    [Test]
    public async Task Login_Get_ShowsForm() => (await Client().GetAsync("/login")).Text.ShouldContain("name=username");

    [Test]
    public async Task Login_Post_RedirectsToIndex()
    {
        var response = await Client().PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "ann" });

        (response.StatusCode, response.Location).ShouldBe((302, "/"));
    }

    [Test]
    public async Task Index_AfterLogin_ShowsEscapedName()
    {
        var client = Client();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "<b>ann</b>" });

        (await client.GetAsync("/")).Text.ShouldBe("Logged in as &lt;b&gt;ann&lt;/b&gt;");
    }

    [Test]
    public async Task Index_AfterLogout_SaysNotLoggedIn()
    {
        var client = Client();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "ann" });
        await client.GetAsync("/logout");

        (await client.GetAsync("/")).Text.ShouldBe("You are not logged in");
    }

    [Test]
    public async Task Logout_AfterLogin_DeletesSessionCookie()
    {
        var client = Client();
        await client.PostAsync("/login", form: new Dictionary<string, string> { ["username"] = "ann" });

        var response = await client.GetAsync("/logout");

        (response.Location, client.GetCookie("session")).ShouldBe(("/", null));
    }

    [Test]
    public async Task Login_PostWithoutUsername_IsBadRequest() =>
        (await Client().PostAsync("/login", form: new Dictionary<string, string>())).StatusCode.ShouldBe(400);

    [Test]
    public void Create_SecretKeyFromEnvironment_IsUsed() => LoginApp.Create(Environment, NullLoggerFactory.Instance).SecretKey.ShouldBe("login-test-key");

    [Test]
    public void Create_NoSecretKey_UsesDevelopmentKeyAndWarns()
    {
        var logs = new ListLoggerProvider();

        var app = LoginApp.Create(new Dictionary<string, string>(), LoggerFactory.Create(b => b.AddProvider(logs)));

        (app.SecretKey, logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("MICROFLASK_SECRET_KEY")))
            .ShouldBe((LoginApp.DevelopmentSecretKey, true));
    }

    private static TestClient Client() => LoginApp.Create(Environment, NullLoggerFactory.Instance).TestClient();
}
