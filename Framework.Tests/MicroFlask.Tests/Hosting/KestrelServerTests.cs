using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroFlask.Hosting;
using MicroFlask.Http;

namespace MicroFlask.Tests.Hosting;

[NonParallelizable]
public class KestrelServerTests
{
    private static async Task<(App App, WsgiServer Server, HttpClient Client)> Serve(Action<App> routes)
    {
        var app = TestApp.Create();
        routes(app);
        var server = await app.StartAsync("127.0.0.1", 0);
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(server.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return (app, server, client);
    }

    [Test]
    public async Task Server_ServesHello()
    {
        var (_, server, client) = await Serve(app => app.Route("/", () => "Hello"));
        await using var _ = server;

        var response = await client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Hello");
        response.Content.Headers.ContentLength.ShouldBe(5);
    }

    [Test]
    public async Task Server_ThousandConcurrentRequests_NeverSeeEachOthersRequestOrSession()
    {
        var sessions = new InMemorySessionInterface();
        var (_, server, client) = await Serve(app =>
        {
            app.SessionInterface = sessions;
            app.Route("/<int:n>", async (int n) =>
            {
                Session.Current["n"] = n;
                G.Current["n"] = n;
                await Task.Delay(Random.Shared.Next(1, 10));
                return $"{Request.Current.Path}|{Request.Current.Header("X-N")}|{Session.Current["n"]}|{G.Current["n"]}";
            });
        });
        await using var _ = server;

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{n}");
            request.Headers.Add("X-N", n.ToString());
            request.Headers.Add("Cookie", $"sid=user{n}");
            using var response = await client.SendAsync(request);
            return (n, body: await response.Content.ReadAsStringAsync());
        }));

        foreach (var (n, body) in results) body.ShouldBe($"/{n}|{n}|{n}|{n}");
        sessions.Sessions.Count.ShouldBe(1000);
    }

    [Test]
    public async Task Server_BehindAProxyWithProxyFix_SeesTheClientsAddressSchemeHostAndPrefix()
    {
        var (_, server, client) = await Serve(app => app.UseProxyFix(xFor: 1, xProto: 1, xHost: 1, xPrefix: 1)
            .Route("/where", () => $"{Request.Current.RemoteAddr} {App.Current.UrlFor("where", external: true)}"));
        await using var _ = server;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/where");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "example.com");
        request.Headers.Add("X-Forwarded-Prefix", "/app");

        var response = await client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldBe("203.0.113.5 https://example.com/app/where");
    }

    [Test]
    public async Task Server_BadPercentEncodingInPath_Is400()
    {
        var (_, server, _) = await Serve(app => app.Route("/<name>", (string name) => name));
        await using var _ = server;

        var head = await RawRequest(server, "GET /%E0%A4%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        head.ShouldStartWith("HTTP/1.1 400");
    }

    [Test]
    public async Task Server_BodyOverMaxContentLength_Is413()
    {
        var (app, server, client) = await Serve(app => app.Route("/", () => "x", methods: ["POST"]));
        await using var _ = server;
        app.Config["MAX_CONTENT_LENGTH"] = 100;

        var response = await client.PostAsync("/", new ByteArrayContent(new byte[1000]));

        ((int)response.StatusCode).ShouldBe(413);
    }

    [Test]
    public async Task Server_ChunkedBodyOverMaxContentLength_Is413()
    {
        var (app, server, _) = await Serve(app => app.Route("/", () => "x", methods: ["POST"]));
        await using var _ = server;
        app.Config["MAX_CONTENT_LENGTH"] = 10;

        var head = await RawRequest(server,
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");

        head.ShouldStartWith("HTTP/1.1 413");
    }

    [Test]
    public async Task Server_MalformedForm_Is400()
    {
        var (_, server, client) = await Serve(app => app.Route("/", () => Request.Current.Form.Get("a") ?? "", methods: ["POST"]));
        await using var _ = server;

        var response = await client.PostAsync("/", new StringContent("a=%ZZ", Encoding.UTF8, "application/x-www-form-urlencoded"));

        ((int)response.StatusCode).ShouldBe(400);
    }

    [Test]
    public async Task Server_ViewThrowsWhileTesting_StillAnswers500()
    {
        var (app, server, client) = await Serve(app => app.Route("/", object () => throw new InvalidOperationException("x")));
        await using var _ = server;
        app.Testing = true;

        var response = await client.GetAsync("/");

        ((int)response.StatusCode).ShouldBe(500);
    }

    [Test]
    public async Task Server_Stop_LetsRequestInFlightFinish()
    {
        var started = new TaskCompletionSource();
        var (_, server, client) = await Serve(app => app.Route("/slow", async () => { started.SetResult(); await Task.Delay(300); return "done"; }));

        var pending = client.GetStringAsync("/slow");
        await started.Task;
        await server.DisposeAsync();

        (await pending).ShouldBe("done");
    }

    [Test]
    public async Task Server_HostLocalhost_ServesOnTheLoopback()
    {
        var app = TestApp.Create();
        app.Route("/", () => "Hello");
        await using var server = await app.StartAsync("localhost", 0);
        using var client = new HttpClient();

        (await client.GetStringAsync($"http://127.0.0.1:{server.Port}/")).ShouldBe("Hello");
    }

    [Test]
    public async Task Server_ResponseHeaders_AreWrittenWithRepeats()
    {
        var (_, server, client) = await Serve(app => app.Route("/", () =>
        {
            var response = new Response("ok");
            response.SetCookie("a", "1");
            response.SetCookie("b", "2");
            return response;
        }));
        await using var _ = server;

        var response = await client.GetAsync("/");

        response.Headers.GetValues("Set-Cookie").ShouldBe(new[] { "a=1; Path=/", "b=2; Path=/" });
    }

    private static async Task<string> RawRequest(WsgiServer server, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadLineAsync(timeout.Token) ?? "";
    }
}
