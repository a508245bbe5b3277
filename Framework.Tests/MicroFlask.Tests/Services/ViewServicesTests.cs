using MicroFlask.Wsgi;
using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.Tests.Services;

public class ViewServicesTests
{
    public sealed class Greeter
    {
        public string Greet(string name) => $"hello {name}";
    }

    public sealed class RequestCounter : IAsyncDisposable
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

    [Test]
    public async Task View_SingletonService_IsInjectedByType()
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddSingleton<Greeter>());
        app.Route("/hi/<name>", (string name, Greeter greeter) => greeter.Greet(name));

        var response = await app.TestClient().GetAsync("/hi/ann");

        response.Text.ShouldBe("hello ann");
    }

    [Test]
    public async Task View_ServicesRegisteredAfterTheRoute_AreInjected()
    {
        var app = TestApp.Create();
        app.Route("/hi", (Greeter greeter) => greeter.Greet("bob"));
        app.ConfigureServices(services => services.AddSingleton<Greeter>());

        var response = await app.TestClient().GetAsync("/hi");

        response.Text.ShouldBe("hello bob");
    }

    [Test]
    public async Task View_ScopedService_IsOnePerRequestAndDisposedAtTeardown()
    {
        var app = TestApp.Create();
        var seen = new List<RequestCounter>();
        app.ConfigureServices(services => services.AddScoped<RequestCounter>());
        app.Route("/n", (RequestCounter first, RequestCounter second) =>
        {
            seen.Add(first);
            return ReferenceEquals(first, second) ? "same" : "different";
        });
        var client = app.TestClient();

        var texts = new[] { (await client.GetAsync("/n")).Text, (await client.GetAsync("/n")).Text };

        (texts[0], texts[1], seen[0].Number == seen[1].Number, seen[0].Disposed, seen[1].Disposed)
            .ShouldBe(("same", "same", false, true, true));
    }

    [Test]
    public async Task View_ScopedService_StillUsableInTeardownHooks()
    {
        var app = TestApp.Create();
        bool? disposedDuringTeardown = null;
        app.ConfigureServices(services => services.AddScoped<RequestCounter>());
        app.Route("/n", (RequestCounter counter) => "ok");
        app.TeardownRequest(_ => disposedDuringTeardown = MicroFlask.Context.RequestContext.Current.Services.GetRequiredService<RequestCounter>().Disposed);

        await app.TestClient().GetAsync("/n");

        disposedDuringTeardown.ShouldBe(false);
    }

    [Test]
    public async Task View_ProviderGivenByTheUser_IsUsed()
    {
        var greeter = new Greeter();
        var app = TestApp.Create();
        app.Services = new ServiceCollection().AddSingleton(greeter).BuildServiceProvider();
        app.Route("/same", (Greeter injected) => ReferenceEquals(injected, greeter).ToString());

        var response = await app.TestClient().GetAsync("/same");

        response.Text.ShouldBe("True");
    }

    [Test]
    public async Task View_EnvironCarriesRequestServices_UsesThemInsteadOfItsOwnScope()
    {
        // What the ASP.NET Core adapter does: the host's HttpContext.RequestServices travel in the environ.
        await using var host = new ServiceCollection().AddScoped<RequestCounter>().BuildServiceProvider();
        await using var hostScope = host.CreateAsyncScope();
        var hostCounter = hostScope.ServiceProvider.GetRequiredService<RequestCounter>();
        var app = TestApp.Create();
        app.Services = host;
        app.Route("/n", (RequestCounter counter) => ReferenceEquals(counter, hostCounter).ToString());

        var response = await app.WsgiApp(new Environ { PathInfo = "/n", RequestServices = hostScope.ServiceProvider });

        (System.Text.Encoding.UTF8.GetString(response.Body.Span), hostCounter.Disposed).ShouldBe(("True", false));
    }

    [Test]
    public async Task View_OptionalServiceNotRegistered_GetsItsDefault()
    {
        var app = TestApp.Create();
        app.Route("/opt", (Greeter? greeter = null) => greeter is null ? "none" : "some");

        var response = await app.TestClient().GetAsync("/opt");

        response.Text.ShouldBe("none");
    }

    [Test]
    public void TestClient_ViewTakesAnUnregisteredService_FailsNamingViewParameterAndFix()
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddSingleton<RequestCounter>());
        app.Route("/hi", (Greeter greeter) => greeter.Greet("x"), endpoint: "hi");

        var error = Should.Throw<InvalidOperationException>(() => app.TestClient());

        error.Message.ShouldContain("The view 'hi' has a parameter 'greeter' of type Greeter");
        error.Message.ShouldContain("services.AddScoped<Greeter>()");
    }

    [Test]
    public void TestClient_ViewTakesAServiceButTheAppHasNone_Fails()
    {
        var app = TestApp.Create();
        app.Route("/hi", (Greeter greeter) => greeter.Greet("x"), endpoint: "hi");

        Should.Throw<InvalidOperationException>(() => app.TestClient()).Message.ShouldContain("'greeter'");
    }

    [Test]
    public async Task WsgiApp_FirstRequestWithAnUnresolvableView_Throws()
    {
        var app = TestApp.Create();
        app.Route("/hi", (Greeter greeter) => greeter.Greet("x"), endpoint: "hi");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.WsgiApp(new Environ { PathInfo = "/other" }));

        error.Message.ShouldContain("'hi'");
    }

    [Test]
    public async Task StartAsync_UnresolvableView_FailsBeforeListening()
    {
        var app = TestApp.Create();
        app.Route("/hi", (Greeter greeter) => greeter.Greet("x"), endpoint: "hi");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.StartAsync(port: 0));

        error.Message.ShouldContain("'greeter'");
    }

    [Test]
    public void Route_AfterStart_UnresolvableView_FailsAtOnce()
    {
        var app = TestApp.Create();
        app.TestClient();

        var error = Should.Throw<InvalidOperationException>(() => app.Route("/late", (Greeter greeter) => "x", endpoint: "late"));

        error.Message.ShouldContain("'late'");
    }

    [Test]
    public void ConfigureServices_AfterStart_Fails()
    {
        var app = TestApp.Create();
        app.TestClient();

        Should.Throw<InvalidOperationException>(() => app.ConfigureServices(_ => { })).Message.ShouldContain("before app.Run");
    }

    [Test]
    public void Services_SetAfterConfigureServices_Fails()
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddSingleton<Greeter>());

        Should.Throw<InvalidOperationException>(() => app.Services = new ServiceCollection().BuildServiceProvider());
    }

    [Test]
    public async Task DisposeAsync_DisposesTheProviderTheAppBuilt()
    {
        var app = TestApp.Create();
        app.ConfigureServices(services => services.AddSingleton<RequestCounter>());
        app.Route("/n", (RequestCounter counter) => "ok");
        await app.TestClient().GetAsync("/n");
        var singleton = app.Services!.GetRequiredService<RequestCounter>();

        await app.DisposeAsync();

        singleton.Disposed.ShouldBeTrue();
    }
}
