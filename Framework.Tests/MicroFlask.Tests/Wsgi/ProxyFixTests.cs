using MicroFlask.Http;
using MicroFlask.Wsgi;

namespace MicroFlask.Tests.Wsgi;

/// <summary>
/// <see cref="App.UseProxyFix"/> against Werkzeug's own cases (tests/middleware/test_proxy_fix.py): for each, the
/// client address is 192.168.0.1, the URL root is the one given, and url_for builds under the forwarded prefix.
/// </summary>
public class ProxyFixTests
{
    // (case, xFor, xProto, xHost, xPort, xPrefix, environ "KEY=value;...", expected url root)
    private static readonly object[] WerkzeugCases =
    [
        new object[] { "for", 1, 1, 0, 0, 0, "REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.1;HTTP_X_FORWARDED_PROTO=https", "https://spam/" },
        new object[] { "proto", 0, 1, 0, 0, 0, "HTTP_HOST=spam;HTTP_X_FORWARDED_PROTO=https", "https://spam/" },
        new object[] { "host", 0, 0, 1, 0, 0, "HTTP_HOST=spam;HTTP_X_FORWARDED_HOST=eggs", "http://eggs/" },
        new object[] { "port, host without port", 0, 0, 0, 1, 0, "HTTP_HOST=spam;HTTP_X_FORWARDED_PORT=8080", "http://spam:8080/" },
        new object[] { "port, host with port", 0, 0, 0, 1, 0, "HTTP_HOST=spam:9000;HTTP_X_FORWARDED_PORT=8080", "http://spam:8080/" },
        new object[] { "port, name", 0, 0, 0, 1, 0, "SERVER_NAME=spam;SERVER_PORT=9000;HTTP_X_FORWARDED_PORT=8080", "http://spam:8080/" },
        new object[] { "prefix", 0, 0, 0, 0, 1, "HTTP_HOST=spam;HTTP_X_FORWARDED_PREFIX=/eggs", "http://spam/eggs/" },
        new object[] { "all", 1, 1, 1, 1, 1, "REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam:9000;HTTP_X_FORWARDED_FOR=192.168.0.1;HTTP_X_FORWARDED_PROTO=https;HTTP_X_FORWARDED_HOST=eggs;HTTP_X_FORWARDED_PORT=443;HTTP_X_FORWARDED_PREFIX=/ham", "https://eggs/ham/" },
        new object[] { "multiple for", 2, 0, 0, 0, 0, "REMOTE_ADDR=192.168.0.3;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.1, 192.168.0.2", "http://spam/" },
        new object[] { "ignore 0", 0, 0, 0, 0, 0, "REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.2", "http://spam/" },
        new object[] { "ignore len < trusted", 3, 0, 0, 0, 0, "REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.3, 192.168.0.2", "http://spam/" },
        new object[] { "ignore untrusted", 1, 1, 0, 0, 0, "REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.3, 192.168.0.1", "http://spam/" },
        new object[] { "ignore empty", 2, 0, 0, 0, 0, "REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=, 192.168.0.3", "http://spam/" },
        new object[] { "prefix < for", 2, 0, 0, 0, 1, "REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.1, 192.168.0.3;HTTP_X_FORWARDED_PREFIX=/ham, /eggs", "http://spam/eggs/" },
        new object[] { "ipv6 host", 0, 0, 1, 0, 0, "HTTP_HOST=spam;HTTP_X_FORWARDED_HOST=[2001:db8::a]", "http://[2001:db8::a]/" },
        new object[] { "ipv6 port, host without port", 0, 0, 0, 1, 0, "HTTP_HOST=[2001:db8::a];HTTP_X_FORWARDED_PORT=8080", "http://[2001:db8::a]:8080/" },
        new object[] { "ipv6 port, host with port", 0, 0, 0, 1, 0, "HTTP_HOST=[2001:db8::a]:9000;HTTP_X_FORWARDED_PORT=8080", "http://[2001:db8::a]:8080/" },
    ];

    [TestCaseSource(nameof(WerkzeugCases))]
    public async Task UseProxyFix_WerkzeugCase_DescribesTheClientsRequest(string name, int xFor, int xProto, int xHost, int xPort, int xPrefix, string environ, string urlRoot)
    {
        var app = CreateApp().UseProxyFix(xFor, xProto, xHost, xPort, xPrefix);
        var scriptRoot = new Uri(urlRoot).AbsolutePath.TrimEnd('/');

        var response = await app.WsgiApp(BuildEnviron(environ));

        BodyOf(response).ShouldBe($"192.168.0.1|{urlRoot}|{scriptRoot}/parrot|{urlRoot}parrot", name);
    }

    [Test]
    public async Task WsgiApp_WithoutUseProxyFix_IgnoresForwardedHeaders()
    {
        var response = await CreateApp().WsgiApp(BuildEnviron(
            "REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam;HTTP_X_FORWARDED_FOR=192.168.0.1;HTTP_X_FORWARDED_PROTO=https;HTTP_X_FORWARDED_HOST=eggs;HTTP_X_FORWARDED_PREFIX=/ham"));

        BodyOf(response).ShouldBe("192.168.0.2|http://spam/|/parrot|http://spam/parrot");
    }

    [TestCase("abc")]
    [TestCase("0")]
    [TestCase("65536")]
    [TestCase("80 80")]
    [TestCase("-1")]
    public async Task UseProxyFix_MalformedPort_IsIgnored(string port)
    {
        var app = CreateApp().UseProxyFix(xPort: 1);

        var response = await app.WsgiApp(BuildEnviron($"REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam:9000;HTTP_X_FORWARDED_PORT={port}"));

        BodyOf(response).ShouldBe("192.168.0.1|http://spam:9000/|/parrot|http://spam:9000/parrot");
    }

    [TestCase("evil.example/path")]
    [TestCase("user@evil.example")]
    [TestCase("spam:notaport")]
    [TestCase("[not-an-ip]")]
    public async Task UseProxyFix_MalformedHost_IsIgnored(string host)
    {
        var app = CreateApp().UseProxyFix(xHost: 1);

        var response = await app.WsgiApp(BuildEnviron($"REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_HOST={host}"));

        BodyOf(response).ShouldBe("192.168.0.1|http://spam/|/parrot|http://spam/parrot");
    }

    [TestCase("ham")]
    [TestCase("/ham?x=1")]
    public async Task UseProxyFix_PrefixNotAPath_IsIgnored(string prefix)
    {
        var app = CreateApp().UseProxyFix(xPrefix: 1);

        var response = await app.WsgiApp(BuildEnviron($"REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_PREFIX={prefix}"));

        BodyOf(response).ShouldBe("192.168.0.1|http://spam/|/parrot|http://spam/parrot");
    }

    [Test]
    public async Task UseProxyFix_PrefixWithTrailingSlash_BuildsUrlsWithoutADoubleSlash()
    {
        var app = CreateApp().UseProxyFix(xPrefix: 1);

        var response = await app.WsgiApp(BuildEnviron("REMOTE_ADDR=192.168.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_PREFIX=/ham/"));

        BodyOf(response).ShouldBe("192.168.0.1|http://spam/ham/|/ham/parrot|http://spam/ham/parrot");
    }

    [Test]
    public async Task UseProxyFix_SeveralHeaderLines_CountAsOneList()
    {
        var app = CreateApp().UseProxyFix(xFor: 2);
        var environ = BuildEnviron("REMOTE_ADDR=10.0.0.2;HTTP_HOST=spam");
        environ.Headers["X-Forwarded-For"] = new Microsoft.Extensions.Primitives.StringValues(["203.0.113.9, 192.168.0.1", "10.0.0.1"]);

        var response = await app.WsgiApp(environ);

        BodyOf(response).ShouldStartWith("192.168.0.1|");
    }

    [Test]
    public async Task UseProxyFix_KeepsTheOriginalValuesUnderWerkzeugsKey()
    {
        var app = CreateApp().UseProxyFix(xFor: 1, xProto: 1, xHost: 1, xPort: 1, xPrefix: 1);
        var environ = BuildEnviron("REMOTE_ADDR=192.168.0.2;HTTP_HOST=spam:9000;SERVER_NAME=spam;SERVER_PORT=9000;HTTP_X_FORWARDED_FOR=192.168.0.1;HTTP_X_FORWARDED_PROTO=https;HTTP_X_FORWARDED_HOST=eggs;HTTP_X_FORWARDED_PORT=443;HTTP_X_FORWARDED_PREFIX=/ham");

        await app.WsgiApp(environ);

        environ["werkzeug.proxy_fix.orig"].ShouldBe(new Dictionary<string, object?>
        {
            ["REMOTE_ADDR"] = "192.168.0.2",
            ["wsgi.url_scheme"] = "http",
            ["HTTP_HOST"] = "spam:9000",
            ["SERVER_NAME"] = "spam",
            ["SERVER_PORT"] = "9000",
            ["SCRIPT_NAME"] = "",
        });
    }

    [Test]
    public async Task UseProxyFix_ForwardedHttps_MakesTheRequestSecure()
    {
        var app = CreateApp().UseProxyFix();
        app.Route("/secure", () => Request.Current.IsSecure ? "secure" : "plain");
        var environ = BuildEnviron("REMOTE_ADDR=10.0.0.1;HTTP_HOST=spam;HTTP_X_FORWARDED_PROTO=https");
        environ.PathInfo = "/secure";

        var response = await app.WsgiApp(environ);

        BodyOf(response).ShouldBe("secure");
    }

    [Test]
    public async Task UseProxyFix_ThroughTheTestClient_SetsRemoteAddr()
    {
        var app = CreateApp().UseProxyFix();

        var response = await app.TestClient().GetAsync("/parrot", new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.7" });

        response.Text.ShouldStartWith("198.51.100.7|");
    }

    [Test]
    public void UseProxyFix_NegativeCount_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CreateApp().UseProxyFix(xFor: -1));
    }

    private static App CreateApp()
    {
        var app = TestApp.Create();
        app.Route("/parrot", () =>
        {
            var request = Request.Current;
            var urlRoot = request.Scheme + "://" + request.Host + request.ScriptRoot + "/";
            return $"{request.RemoteAddr}|{urlRoot}|{App.Current.UrlFor("parrot")}|{App.Current.UrlFor("parrot", external: true)}";
        });
        return app;
    }

    private static string BodyOf(Response response) => System.Text.Encoding.UTF8.GetString(response.Body.Span);

    // As Werkzeug's create_environ: SERVER_NAME localhost, port 80, client 192.168.0.1 unless the case says otherwise.
    private static Environ BuildEnviron(string values)
    {
        var environ = new Environ { PathInfo = "/parrot", ServerName = "localhost", ServerPort = "80", RemoteAddr = "192.168.0.1" };
        foreach (var pair in values.Split(';'))
        {
            var equals = pair.IndexOf('=');
            environ[pair[..equals]] = pair[(equals + 1)..];
        }
        return environ;
    }
}
