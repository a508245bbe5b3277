using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>What only the mounted mode has: the host's policies on the endpoint, its user, its middleware, its endpoints.</summary>
[NonParallelizable]
public sealed class MountedTests
{
    private static App CountingApp(Counter counter)
    {
        var app = FlowApp.Create();
        app.Route("/secret", () =>
        {
            counter.Calls++;
            return "secret";
        });
        app.Route("/whoami", (Request request) => request.User?.Identity?.Name ?? "nobody");
        return app;
    }

    private static void HeaderAuthentication(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
    }

    [Test]
    public async Task RequireAuthorization_Anonymous_Is401BeforeMicroFlaskRuns()
    {
        var counter = new Counter();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, CountingApp(counter), HeaderAuthentication,
            mount: web => web.MapMicroFlask("/flask", CountingApp(counter)).RequireAuthorization());

        var response = await hosted.Client.GetAsync("/flask/secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        counter.Calls.ShouldBe(0);
    }

    [Test]
    public async Task RequireAuthorization_SignedIn_ReachesTheView()
    {
        var counter = new Counter();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, CountingApp(counter), HeaderAuthentication,
            mount: web => web.MapMicroFlask("/flask", CountingApp(counter)).RequireAuthorization());

        var response = await hosted.Client.GetAsync("/flask/secret", ("X-User", "ann"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("secret");
        counter.Calls.ShouldBe(1);
    }

    [Test]
    public async Task RequireAuthorization_CookieScheme_RedirectsToTheHostsLoginPage()
    {
        var counter = new Counter();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, CountingApp(counter),
            builder =>
            {
                builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                    .AddCookie(options => options.LoginPath = "/account/login");
                builder.Services.AddAuthorization();
            },
            mount: web => web.MapMicroFlask("/flask", CountingApp(counter)).RequireAuthorization());

        var response = await hosted.Client.GetAsync("/flask/secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        counter.Calls.ShouldBe(0);
    }

    [Test]
    public async Task RequestUser_IsTheHostsSignedInUser()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, CountingApp(new Counter()), HeaderAuthentication,
            pipeline: web => web.UseAuthentication());

        var response = await hosted.Client.GetAsync("/flask/whoami", ("X-User", "ann"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("ann");
    }

    [Test]
    public async Task MicroFlaskLogin_IsSeenByAMinimalApiThroughTheSessionHelper()
    {
        var app = FlowApp.Create();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, app,
            pipeline: web => web.MapGet("/api/user", async (HttpContext context) =>
                (await context.OpenMicroFlaskSessionAsync(app)).GetString("user") ?? "anonymous"));
        await hosted.Client.PostFormAsync("/flask/login", ("user", "ann"));

        var response = await hosted.Client.GetAsync("/api/user");

        (await response.Content.ReadAsStringAsync()).ShouldBe("ann");
    }

    [Test]
    public async Task MinimalApiSave_IsSeenByMicroFlask()
    {
        var app = FlowApp.Create();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, app,
            pipeline: web => web.MapPost("/api/login", async (HttpContext context) =>
            {
                var session = await context.OpenMicroFlaskSessionAsync(app);
                session["user"] = "bob";
                await context.SaveMicroFlaskSessionAsync(app, session);
                return "ok";
            }));
        await hosted.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/login"));

        var response = await hosted.Client.GetAsync("/flask/me");

        (await response.Content.ReadAsStringAsync()).ShouldBe("bob");
    }

    [Test]
    public async Task OpenSession_WithATamperedCookie_IsEmpty()
    {
        var app = FlowApp.Create();
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, app,
            pipeline: web => web.MapGet("/api/count", async (HttpContext context) => (await context.OpenMicroFlaskSessionAsync(app)).Count));

        var response = await hosted.Client.GetAsync("/api/count", ("Cookie", "session=eyJ1c2VyIjoiZXZlIn0.forged.signature"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("0");
    }

    [Test]
    public async Task ForwardedProto_MakesExternalUrlsHttps()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create(),
            builder => builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedProto),
            pipeline: web => web.UseForwardedHeaders());

        var response = await hosted.Client.GetAsync("/flask/where", ("X-Forwarded-Proto", "https"));

        (await response.Content.ReadAsStringAsync()).ShouldEndWith("|https://localhost/flask/where");
    }

    [Test]
    public async Task ForwardedFor_IsTheRemoteAddrTheViewSees()
    {
        var app = new App("forwarded");
        app.Route("/who", () => Request.Current.RemoteAddr ?? "none");
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, app,
            builder => builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor),
            pipeline: web => web.UseForwardedHeaders(), mount: web => web.MapMicroFlask("/flask", app));

        var response = await hosted.Client.GetAsync("/flask/who", ("X-Forwarded-For", "203.0.113.7"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("203.0.113.7");
    }

    [Test]
    public async Task PathBase_IsPartOfScriptName()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create(), pipeline: web => web.UsePathBase("/app"));

        var response = await hosted.Client.GetAsync("/app/flask/where");

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("/app/flask|/where|/app/flask/where|");
    }

    [Test]
    public async Task ResponseCompression_CompressesMicroFlasksAnswer()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create(),
            builder => builder.Services.AddResponseCompression(),
            pipeline: web => web.UseResponseCompression());

        var response = await hosted.Client.GetAsync("/flask/", ("Accept-Encoding", "gzip"));

        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        (await new StreamReader(gzip).ReadToEndAsync()).ShouldBe("Hello");
    }

    [Test]
    public async Task MountPath_ExactlyThePrefix_RedirectsToTheRootRule()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create());

        var response = await hosted.Client.GetAsync("/flask");

        // An empty PATH_INFO is redirected to "/", as Werkzeug does under a DispatcherMiddleware mount.
        ((int)response.StatusCode).ShouldBe(308);
        response.Headers.Location!.AbsolutePath.ShouldBe("/flask/");
    }

    [Test]
    public async Task MountPath_OtherCase_KeepsTheClientsSpellingInScriptName()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create());

        var response = await hosted.Client.GetAsync("/FLASK/where");

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("/FLASK|/where|");
    }

    [Test]
    public async Task HostEndpointUnderThePrefix_WinsOverTheMount()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, FlowApp.Create(),
            pipeline: web => web.MapGet("/flask/where", () => "the host's"));

        var response = await hosted.Client.GetAsync("/flask/where");

        (await response.Content.ReadAsStringAsync()).ShouldBe("the host's");
    }

    [Test]
    public async Task UseMicroFlask_PathWithoutRule_FallsThroughToTheHostsEndpoint()
    {
        await using var hosted = await HostedApp.StartAsync(HostingMode.MountedAtRoot, FlowApp.Create(),
            pipeline: web => web.MapGet("/api/ping", () => "pong"));

        var ping = await hosted.Client.GetAsync("/api/ping");
        var flask = await hosted.Client.GetAsync("/where");

        (await ping.Content.ReadAsStringAsync()).ShouldBe("pong");
        (await flask.Content.ReadAsStringAsync()).ShouldStartWith("|/where|");
    }

    [Test]
    public async Task UseMicroFlask_ViewAbort404_StaysMicroFlasks()
    {
        var app = FlowApp.Create();
        app.Route("/missing", object () => throw App.Abort(404));
        await using var hosted = await HostedApp.StartAsync(HostingMode.MountedAtRoot, app);

        var response = await hosted.Client.GetAsync("/missing");

        (await response.Content.ReadAsStringAsync()).ShouldBe("flask 404");
    }

    [Test]
    public async Task Testing_ExceptionPropagatesToTheHostsExceptionHandler()
    {
        var app = FlowApp.Create();
        app.Testing = true;
        app.Route("/unhandled", string () => throw new NotSupportedException("unhandled"));
        await using var hosted = await HostedApp.StartAsync(HostingMode.Mounted, app,
            pipeline: web => web.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => context.Response.WriteAsync("host handled"),
            }));

        var response = await hosted.Client.GetAsync("/flask/unhandled");

        (await response.Content.ReadAsStringAsync()).ShouldBe("host handled");
    }

    [TestCase("flask")]
    [TestCase("/fl{x}")]
    public void MapMicroFlask_BadPrefix_ThrowsNamingTheFix(string prefix)
    {
        var web = WebApplication.CreateBuilder().Build();

        var error = Should.Throw<ArgumentException>(() => web.MapMicroFlask(prefix, FlowApp.Create()));

        error.Message.ShouldContain("must");
    }

    [TestCase("/flask/", "/flask")]
    [TestCase("/", "")]
    [TestCase("", "")]
    public void NormalizeMountPath_TrimsTheTrailingSlash(string prefix, string expected) =>
        MountedApp.NormalizeMountPath(prefix).ShouldBe(expected);

    private sealed class Counter
    {
        public int Calls { get; set; }
    }
}
