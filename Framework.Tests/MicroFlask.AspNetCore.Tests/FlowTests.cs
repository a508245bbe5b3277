using System.Net;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>
/// One set of flow tests for every hosting mode: the same <see cref="App.WsgiApp"/> flow must give the same answers
/// served standalone on Kestrel, mounted at a prefix, and mounted at the root by the middleware.
/// </summary>
[TestFixture(HostingMode.Standalone)]
[TestFixture(HostingMode.Mounted)]
[TestFixture(HostingMode.MountedAtRoot)]
[NonParallelizable]
public sealed class FlowTests(HostingMode mode)
{
    private HostedApp _hosted = null!;

    private CookieClient Client => _hosted.Client;

    [SetUp]
    public async Task Start() => _hosted = await HostedApp.StartAsync(mode, FlowApp.Create());

    [TearDown]
    public async Task Stop() => await _hosted.DisposeAsync();

    private string Url(string path) => _hosted.Url(path);

    private static async Task<string> TextAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Test]
    public async Task Get_Root_RunsTheView()
    {
        var response = await Client.GetAsync(Url("/"));

        (await TextAsync(response)).ShouldBe("Hello");
    }

    [Test]
    public async Task Get_Where_ScriptNameIsThePrefixAndUrlForBuildsUnderIt()
    {
        var response = await Client.GetAsync(Url("/where"));

        var host = new Uri(response.RequestMessage!.RequestUri!.GetLeftPart(UriPartial.Authority)).Authority;
        (await TextAsync(response)).ShouldBe($"{_hosted.Prefix}|/where|{_hosted.Prefix}/where|http://{host}{_hosted.Prefix}/where");
    }

    [Test]
    public async Task Get_Query_ReadsArgs()
    {
        var response = await Client.GetAsync(Url("/query?q=a%20b"));

        (await TextAsync(response)).ShouldBe("a b");
    }

    [Test]
    public async Task Post_Form_ReadsTheBodyFromTheInputStream()
    {
        var response = await Client.PostFormAsync(Url("/echo"), ("text", "hé & co"));

        (await TextAsync(response)).ShouldBe("echo:hé & co");
    }

    [Test]
    public async Task Login_ThenMe_SessionCookieRoundTrips()
    {
        await Client.PostFormAsync(Url("/login"), ("user", "ann"));

        var me = await Client.GetAsync(Url("/me"));

        (await TextAsync(me)).ShouldBe("ann");
    }

    [Test]
    public async Task Login_RedirectsUnderThePrefix()
    {
        var response = await Client.PostFormAsync(Url("/login"), ("user", "ann"));

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.Headers.Location!.OriginalString.ShouldBe(_hosted.Prefix + "/me");
    }

    [Test]
    public async Task TwoCookies_AreTwoSetCookieHeaders()
    {
        var response = await Client.GetAsync(Url("/two-cookies"));

        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ShouldBe(["a=1", "b=2"]);
    }

    [Test]
    public async Task Get_WithoutTrailingSlash_RedirectsToTheSlashUnderThePrefix()
    {
        var response = await Client.GetAsync(Url("/items?x=1"));

        response.StatusCode.ShouldBe(HttpStatusCode.PermanentRedirect);
        // Routing redirects are absolute, as Werkzeug makes them.
        response.Headers.Location!.PathAndQuery.ShouldBe(_hosted.Prefix + "/items/?x=1");
    }

    [Test]
    public async Task Get_UnknownRule_IsMicroFlasks404WhereMicroFlaskOwnsThePath()
    {
        var response = await Client.GetAsync(Url("/nowhere"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The root middleware passes a path it has no rule for on to the host, whose pipeline ends in its own 404.
        (await TextAsync(response)).ShouldBe(mode == HostingMode.MountedAtRoot ? "" : "flask 404");
    }

    [Test]
    public async Task Get_OnPostOnlyRule_Is405WithAllow()
    {
        var response = await Client.GetAsync(Url("/only-post"));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldContain("POST");
    }

    [Test]
    public async Task Get_Stream_WritesTheStreamedBody()
    {
        var response = await Client.GetAsync(Url("/stream"));

        (await TextAsync(response)).ShouldBe("chunk0;chunk1;chunk2;");
    }

    [Test]
    public async Task Get_ViewThatThrows_GoesThroughTheErrorHandler()
    {
        var response = await Client.GetAsync(Url("/boom"));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await TextAsync(response)).ShouldBe("handled: boom");
    }

    [Test]
    public async Task Head_Root_HasTheLengthAndNoBody()
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("/")));

        response.Content.Headers.ContentLength.ShouldBe(5);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Test]
    public async Task Request_HttpContext_IsTheHostsOnlyWhenMounted()
    {
        var response = await Client.GetAsync(Url("/host"));

        (await TextAsync(response)).ShouldBe(mode == HostingMode.Standalone ? "standalone" : "mounted");
    }
}
