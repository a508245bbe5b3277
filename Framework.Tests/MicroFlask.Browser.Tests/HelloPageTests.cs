namespace MicroFlask.Browser.Tests;

/// <summary>Examples/Hello in a real browser: the harness itself (server on a free port, chromium, screenshots).</summary>
[TestFixture]
public sealed class HelloPageTests : PageTest
{
    private ServedApp _app = null!;

    [SetUp]
    public async Task StartApp() => _app = await ServedApp.StartAsync(HelloApp.Create());

    [TearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Index_InBrowser_ShowsHello()
    {
        await Page.GotoAsync(_app.Url + "/");

        await Expect(Page.Locator("body")).ToHaveTextAsync("Hello");
        await Screenshots.AttachAsync(Page, "index");
    }

    [Test]
    public async Task HelloName_WithMarkup_IsEscapedNotRendered()
    {
        await Page.GotoAsync(_app.Url + "/hello/" + Uri.EscapeDataString("<b>you</b>"));

        (await Page.Locator("b").CountAsync()).ShouldBe(0);
    }
}
