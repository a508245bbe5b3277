using MicroFlask.Blueprints;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.Tests.Services;

/// <summary>Hooks, error handlers and context processors take services by parameter type, through the views' binder.</summary>
public class HookServicesTests
{
    public sealed class Scoped : IAsyncDisposable
    {
        private static int Next;

        public int Number { get; } = Interlocked.Increment(ref Next);

        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Unregistered;

    public sealed class ShopClosedException : Exception;

    private static App AppWithScoped(Action<App> configure)
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddScoped<Scoped>());
        configure(app);
        return app;
    }

    [Test]
    public async Task BeforeRequest_ScopedService_IsTheInstanceTheViewGets()
    {
        Scoped? inHook = null;
        var app = AppWithScoped(app =>
        {
            app.BeforeRequest((Scoped scoped) => { inHook = scoped; });
            app.Route("/", (Scoped scoped) => ReferenceEquals(scoped, inHook) ? "same" : "different");
        });

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("same");
    }

    [Test]
    public async Task BeforeRequest_AsyncWithServiceAndSession_ItsResultEndsTheRequest()
    {
        var app = AppWithScoped(app =>
        {
            app.BeforeRequest(async (ISession session, Scoped scoped, CancellationToken aborted) =>
            {
                await Task.Yield();
                return (object?)$"stopped by {scoped.GetType().Name}, session new: {session.New}";
            });
            app.Route("/", () => "view");
        });

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("stopped by Scoped, session new: True");
    }

    [Test]
    public async Task AfterRequest_TakesTheResponseAndAService_ReturnsTheResponseToSend()
    {
        var app = AppWithScoped(app =>
        {
            app.AfterRequest((Scoped scoped, Response response) =>
            {
                response.Headers.Set("X-Scoped", scoped.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return response;
            });
            app.Route("/", (Scoped scoped) => scoped.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

        var response = await app.TestClient().GetAsync("/");

        response.Headers.Get("X-Scoped").ShouldBe(response.Text);
    }

    [Test]
    public async Task TeardownRequest_TakesTheErrorAndTheViewsScopedService_DisposedOnlyAfterTeardown()
    {
        Scoped? inView = null;
        Scoped? inTeardown = null;
        bool? disposedDuringTeardown = null;
        Exception? seenError = new InvalidOperationException("not run");
        var app = AppWithScoped(app =>
        {
            app.TeardownRequest((Exception? error, Scoped scoped) =>
            {
                (inTeardown, seenError, disposedDuringTeardown) = (scoped, error, scoped.Disposed);
            });
            app.Route("/", (Scoped scoped) => { inView = scoped; return "ok"; });
        });

        await app.TestClient().GetAsync("/");

        (ReferenceEquals(inView, inTeardown), seenError, disposedDuringTeardown, inView!.Disposed).ShouldBe((true, (Exception?)null, (bool?)false, true));
    }

    [Test]
    public async Task ErrorHandler_ByCode_TakesTheErrorAndAService()
    {
        Scoped? inView = null;
        var app = AppWithScoped(app =>
        {
            app.ErrorHandler(404, (HttpException e, Scoped scoped) => new Response($"{e.Code} {ReferenceEquals(scoped, inView)}", 404));
            app.Route("/missing", (Scoped scoped) => { inView = scoped; return App.Abort(404); });
        });

        var response = await app.TestClient().GetAsync("/missing");

        (response.StatusCode, response.Text).ShouldBe((404, "404 True"));
    }

    [Test]
    public async Task ErrorHandler_ByType_AsyncWithAServiceAndTheRequest()
    {
        var app = AppWithScoped(app =>
        {
            app.ErrorHandler<ShopClosedException>(async (Request request, ShopClosedException e, Scoped scoped) =>
            {
                await Task.Yield();
                return new Response($"closed at {request.Path} ({e.GetType().Name}, {scoped.GetType().Name})", 503);
            });
            app.Route("/buy", object () => throw new ShopClosedException());
        });

        var response = await app.TestClient().GetAsync("/buy");

        (response.StatusCode, response.Text).ShouldBe((503, "closed at /buy (ShopClosedException, Scoped)"));
    }

    [Test]
    public async Task ContextProcessor_TakesAService_ItsValuesReachTheTemplateContext()
    {
        var app = AppWithScoped(app =>
        {
            app.ContextProcessor((Scoped scoped) => new Dictionary<string, object?> { ["number"] = scoped.Number });
            app.Route("/", (App current, Scoped scoped) =>
            {
                var context = new Dictionary<string, object?>();
                current.UpdateTemplateContext(context);
                return context["number"] is int number && number == scoped.Number ? "same" : "different";
            });
        });

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("same");
    }

    [Test]
    public async Task Blueprint_HooksAndErrorHandler_TakeServices()
    {
        var log = new List<string>();
        var blueprint = new Blueprint("shop", "/shop");
        blueprint.BeforeRequest((Scoped scoped) => { log.Add("before " + scoped.Number); });
        blueprint.AfterRequest((Response response, Scoped scoped) => { log.Add("after " + scoped.Number); return response; });
        blueprint.ErrorHandler<ShopClosedException>((ShopClosedException e, Scoped scoped) => { log.Add("error " + scoped.Number); return "closed"; });
        blueprint.TeardownRequest((Exception? e, Scoped scoped) => { log.Add($"teardown {scoped.Number} {scoped.Disposed}"); });
        blueprint.Route("/buy", object (Scoped scoped) => { log.Add("view " + scoped.Number); throw new ShopClosedException(); });
        var app = AppWithScoped(app => app.RegisterBlueprint(blueprint));

        var response = await app.TestClient().GetAsync("/shop/buy");

        response.Text.ShouldBe("closed");
        log.Select(line => line.Split(' ')[1]).Distinct().Count().ShouldBe(1);
        log.Select(line => line.Split(' ')[0]).ShouldBe(["before", "view", "error", "after", "teardown"]);
        log[^1].ShouldEndWith(" False");
    }

    [Test]
    public async Task Blueprint_AppWideHooks_TakeServices_OnRequestsOutsideTheBlueprint()
    {
        var log = new List<string>();
        var blueprint = new Blueprint("audit");
        blueprint.AfterAppRequest((Response response, Scoped scoped) => { log.Add("after " + scoped.Number); return response; });
        blueprint.TeardownAppRequest((Exception? e, Scoped scoped) => { log.Add("teardown " + scoped.Number); });
        blueprint.AppErrorHandler<ShopClosedException>((ShopClosedException e, Scoped scoped) => { log.Add("error " + scoped.Number); return "closed"; });
        var app = AppWithScoped(app =>
        {
            app.RegisterBlueprint(blueprint);
            app.Route("/", object (Scoped scoped) => { log.Add("view " + scoped.Number); throw new ShopClosedException(); });
        });

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("closed");
        log.Select(line => line.Split(' ')[0]).ShouldBe(["view", "error", "after", "teardown"]);
        log.Select(line => line.Split(' ')[1]).Distinct().Count().ShouldBe(1);
    }

    [Test]
    public void TestClient_HookTakesAnUnregisteredService_FailsNamingTheHookAndTheParameter()
    {
        var app = AppWithScoped(app => app.AfterRequest((Response response, Unregistered missing) => response));

        var error = Should.Throw<InvalidOperationException>(() => app.TestClient());

        error.Message.ShouldContain("The after_request hook (Response response, Unregistered missing) => ... has a parameter 'missing' of type Unregistered");
        error.Message.ShouldContain("services.AddScoped<Unregistered>()");
    }

    [Test]
    public void TestClient_BlueprintErrorHandlerTakesAnUnregisteredService_FailsNamingIt()
    {
        var blueprint = new Blueprint("shop");
        blueprint.ErrorHandler(500, (HttpException e, Unregistered missing) => "x");
        var app = AppWithScoped(app => app.RegisterBlueprint(blueprint));

        var error = Should.Throw<InvalidOperationException>(() => app.TestClient());

        error.Message.ShouldContain("The errorhandler hook (HttpException e, Unregistered missing) => ... has a parameter 'missing'");
    }

    [Test]
    public void TestClient_BlueprintTeardownTakesAnUnregisteredService_FailsNamingIt()
    {
        var blueprint = new Blueprint("shop");
        blueprint.TeardownRequest((Exception? e, Unregistered missing) => { });
        var app = AppWithScoped(app => app.RegisterBlueprint(blueprint));

        var error = Should.Throw<InvalidOperationException>(() => app.TestClient());

        error.Message.ShouldContain("The teardown_request hook (Exception e, Unregistered missing) => ... has a parameter 'missing'");
    }

    [Test]
    public void BeforeRequest_AfterStartWithAnUnregisteredService_FailsAtOnce()
    {
        var app = AppWithScoped(_ => { });
        app.TestClient();

        var error = Should.Throw<InvalidOperationException>(() => app.BeforeRequest(CheckStock));

        error.Message.ShouldContain("The before_request hook 'checkStock' has a parameter 'stock'");
    }

    private static object? CheckStock(Unregistered stock) => null;

    [Test]
    public void AfterRequest_DelegateNotReturningAResponse_IsRefusedAtRegistration()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.AfterRequest((Response response) => "text"));

        error.Message.ShouldContain("returns String: it must return a Response");
    }

    [Test]
    public void ErrorHandler_TakingAnExceptionItIsNeverHanded_IsRefusedAtRegistration()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.ErrorHandler<InvalidOperationException>((ShopClosedException e) => "x"));

        error.Message.ShouldContain("takes 'e' as ShopClosedException, but it is handed a InvalidOperationException");
    }

    [Test]
    public void BeforeRequest_ValueTypeParameter_IsRefusedAtRegistration()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.BeforeRequest((int count) => { }));

        error.Message.ShouldContain("has a parameter 'count' of type Int32");
    }

    [Test]
    public async Task AfterRequest_DelegateReturningNull_FailsNamingTheHook()
    {
        var app = TestApp.Create();
        app.Testing = true;
        app.AfterRequest((Response response, Request request) => (Response)null!);
        app.Route("/", () => "ok");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.TestClient().GetAsync("/"));

        error.Message.ShouldContain("returned null");
    }
}
