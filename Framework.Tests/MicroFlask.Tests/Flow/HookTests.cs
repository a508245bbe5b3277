using MicroFlask.Http;

namespace MicroFlask.Tests.Flow;

public class HookTests
{
    [Test]
    public async Task BeforeRequest_ReturnsValue_SkipsViewAndLaterHooks()
    {
        var app = TestApp.Create();
        var ran = new List<string>();
        app.BeforeRequest(() => "stopped");
        app.BeforeRequest(() => ran.Add("second hook"));
        app.Route("/", () => { ran.Add("view"); return "view"; });

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("stopped");
        ran.ShouldBeEmpty();
    }

    [Test]
    public async Task BeforeRequest_ShortCircuit_StillRunsAfterRequest()
    {
        var app = TestApp.Create();
        app.BeforeRequest(() => "stopped");
        app.AfterRequest(r => { r.Headers.Set("X-After", "yes"); return r; });
        app.Route("/", () => "view");

        var response = await app.TestClient().GetAsync("/");

        response.Headers["X-After"].ShouldBe("yes");
    }

    [Test]
    public async Task AfterRequest_RunsLastRegisteredFirst()
    {
        var app = TestApp.Create();
        var order = new List<int>();
        app.AfterRequest(r => { order.Add(1); return r; });
        app.AfterRequest(r => { order.Add(2); return r; });
        app.Route("/", () => "ok");

        await app.TestClient().GetAsync("/");

        order.ShouldBe(new[] { 2, 1 });
    }

    [Test]
    public async Task AfterRequest_CanReplaceTheResponse()
    {
        var app = TestApp.Create();
        app.AfterRequestAsync(async r => { await Task.Yield(); return new Response("replaced", 201); });
        app.Route("/", () => "ok");

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(201);
        response.Text.ShouldBe("replaced");
    }

    [Test]
    public async Task TeardownRequest_ViewThrows_RunsWithTheError()
    {
        var app = TestApp.Create();
        Exception? seen = null;
        var failure = new InvalidOperationException("boom");
        app.TeardownRequest(e => seen = e);
        app.Route("/", object () => throw failure);

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(500);
        seen.ShouldBeSameAs(failure);
    }

    [Test]
    public async Task TeardownRequest_HandledRequest_GetsNull()
    {
        var app = TestApp.Create();
        var called = false;
        Exception? seen = new();
        app.TeardownRequest(e => { called = true; seen = e; });
        app.Route("/", () => "ok");

        await app.TestClient().GetAsync("/");

        called.ShouldBeTrue();
        seen.ShouldBeNull();
    }

    [Test]
    public async Task TeardownRequest_OneHookThrows_OthersStillRun()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        var ran = false;
        app.TeardownRequest(_ => ran = true);
        app.TeardownRequest(_ => throw new InvalidOperationException("cleanup failed"));
        app.Route("/", () => "ok");

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("ok");
        ran.ShouldBeTrue();
        logs.Entries.ShouldContain(e => e.Exception is InvalidOperationException && e.Exception.Message == "cleanup failed");
    }

    [Test]
    public async Task TeardownAppContext_RunsAfterTeardownRequest()
    {
        var app = TestApp.Create();
        var order = new List<string>();
        app.TeardownAppContext(_ => order.Add("appcontext"));
        app.TeardownRequest(_ => order.Add("request"));
        app.Route("/", () => "ok");

        await app.TestClient().GetAsync("/");

        order.ShouldBe(new[] { "request", "appcontext" });
    }

    [Test]
    public async Task BeforeFirstRequest_ManyConcurrentRequests_RunsOnce()
    {
        var app = TestApp.Create();
        var count = 0;
        app.BeforeFirstRequestAsync(async () => { await Task.Delay(20); Interlocked.Increment(ref count); });
        app.Route("/", () => "ok");
        var client = app.TestClient();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => app.WsgiApp(new Testing.EnvironBuilder("GET", "/").Build()))));
        await client.GetAsync("/");

        count.ShouldBe(1);
    }

    [Test]
    public async Task GotRequestException_ViewThrows_SignalCarriesTheException()
    {
        var app = TestApp.Create();
        Exception? seen = null;
        app.Signals.GotRequestException.Connect((_, e) => seen = e);
        app.Route("/", object () => throw new ArgumentException("bad"));

        await app.TestClient().GetAsync("/");

        seen.ShouldBeOfType<ArgumentException>();
    }

    [Test]
    public async Task RequestTearingDown_ViewThrows_SignalCarriesTheException()
    {
        var app = TestApp.Create();
        Exception? seen = null;
        app.Signals.RequestTearingDown.Connect((_, e) => seen = e);
        app.Route("/", object () => throw new ArgumentException("bad"));

        await app.TestClient().GetAsync("/");

        seen.ShouldBeOfType<ArgumentException>();
    }
}
