using MicroFlask.Http;

namespace MicroFlask.Tests.Http;

public class CookieTests
{
    [Test]
    public void SetCookie_AllAttributes_InWerkzeugOrder()
    {
        var response = new Response();
        response.SetCookie("sid", "abc", maxAge: TimeSpan.FromSeconds(60), expires: new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            path: "/app", domain: "example.com", secure: true, httpOnly: true, sameSite: "lax", partitioned: true);

        response.Headers["Set-Cookie"].ShouldBe(
            "sid=abc; Domain=example.com; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=60; Secure; HttpOnly; Path=/app; SameSite=Lax; Partitioned");
    }

    // Werkzeug 3.1's dump_cookie: port and leading dots dropped, non-ASCII IDNA-encoded.
    [TestCase(".example.com", "example.com")]
    [TestCase("..example.com", "example.com")]
    [TestCase("example.com:8080", "example.com")]
    [TestCase(".localhost", "localhost")]
    [TestCase("bücher.example", "xn--bcher-kva.example")]
    public void SetCookie_Domain_NormalizedAsWerkzeug(string domain, string sent)
    {
        var response = new Response();
        response.SetCookie("a", "1", domain: domain);

        response.Headers["Set-Cookie"].ShouldBe($"a=1; Domain={sent}; Path=/");
    }

    [Test]
    public void SetCookie_Plain_HasOnlyPath()
    {
        var response = new Response();
        response.SetCookie("a", "1");

        response.Headers["Set-Cookie"].ShouldBe("a=1; Path=/");
    }

    [Test]
    public void SetCookie_Partitioned_ImpliesSecure()
    {
        var response = new Response();
        response.SetCookie("a", "1", partitioned: true);

        response.Headers["Set-Cookie"].ShouldBe("a=1; Secure; Path=/; Partitioned");
    }

    [Test]
    public void SetCookie_ValueWithSpecials_IsQuoted()
    {
        var response = new Response();
        response.SetCookie("a", "x;y \"z\"");

        response.Headers["Set-Cookie"].ShouldBe("a=\"x\\073y \\\"z\\\"\"; Path=/");
    }

    [Test]
    public void SetCookie_BadSameSite_Throws()
    {
        Should.Throw<ArgumentException>(() => new Response().SetCookie("a", "1", sameSite: "sometimes"));
    }

    [Test]
    public void DeleteCookie_ExpiresInThePastWithMaxAgeZero()
    {
        var response = new Response();
        response.DeleteCookie("sid", path: "/", domain: "example.com", secure: true, httpOnly: true, sameSite: "Strict");

        response.Headers["Set-Cookie"].ShouldBe(
            "sid=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/; SameSite=Strict");
    }

    [Test]
    public void SetCookie_Twice_KeepsBothHeaders()
    {
        var response = new Response();
        response.SetCookie("a", "1");
        response.SetCookie("b", "2");

        response.Headers.GetAll("Set-Cookie").Count.ShouldBe(2);
    }

    [Test]
    public void AddVary_DoesNotRepeat()
    {
        var response = new Response();
        response.AddVary("Cookie");
        response.AddVary("Accept");
        response.AddVary("cookie");

        response.Headers["Vary"].ShouldBe("Cookie, Accept");
    }

    [Test]
    public void Headers_ValueWithNewline_IsRejected()
    {
        Should.Throw<ArgumentException>(() => new Response().Headers.Set("X", "a\r\nInjected: 1"));
    }

    [Test]
    public async Task TestClient_KeepsCookiesBetweenRequests_AndDropsDeleted()
    {
        var app = TestApp.Create();
        app.Route("/set", () => { var r = new Response("set"); r.SetCookie("flavor", "oat"); return r; });
        app.Route("/get", () => Request.Current.Cookies.GetValueOrDefault("flavor") ?? "none");
        app.Route("/del", () => { var r = new Response("del"); r.DeleteCookie("flavor"); return r; });
        var client = app.TestClient();

        await client.GetAsync("/set");
        (await client.GetAsync("/get")).Text.ShouldBe("oat");
        await client.GetAsync("/del");
        (await client.GetAsync("/get")).Text.ShouldBe("none");
    }
}
