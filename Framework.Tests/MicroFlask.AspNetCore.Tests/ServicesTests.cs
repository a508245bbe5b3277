using Microsoft.Extensions.DependencyInjection;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>
/// Views and hooks take services by parameter type in every hosting mode: standalone from the provider the app builds
/// (<c>app.ConfigureServices</c>), mounted from the host's <c>RequestServices</c>; one scope per request, disposed after it.
/// </summary>
[TestFixture(HostingMode.Standalone)]
[TestFixture(HostingMode.Mounted)]
[TestFixture(HostingMode.MountedAtRoot)]
[NonParallelizable]
public sealed class ServicesTests(HostingMode mode)
{
    public sealed class Scoped : IAsyncDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Disposed => _disposed.Task;

        public ValueTask DisposeAsync()
        {
            _disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Unregistered;

    private sealed class Seen
    {
        public Scoped? BeforeRequest;
        public Scoped? View;
        public Scoped? AfterRequest;
        public Scoped? Teardown;
        public bool? DisposedInTeardown;
    }

    private Task<HostedApp> StartAsync(App app, Action<IServiceCollection> services)
    {
        if (mode == HostingMode.Standalone) app.ConfigureServices(services);
        return HostedApp.StartAsync(mode, app, builder => services(builder.Services));
    }

    [Test]
    public async Task Hooks_ScopedService_IsTheViewsInstanceAndDisposedAfterTheRequest()
    {
        var seen = new Seen();
        var app = new App("services") { SecretKey = "services-test-secret-key" };
        app.BeforeRequest((Scoped scoped) => { seen.BeforeRequest = scoped; });
        app.AfterRequest((Response response, Scoped scoped) => { seen.AfterRequest = scoped; return response; });
        app.TeardownRequest((Exception? error, Scoped scoped) =>
        {
            seen.Teardown = scoped;
            seen.DisposedInTeardown = scoped.Disposed.IsCompleted;
        });
        app.Route("/", (Scoped scoped) => { seen.View = scoped; return "ok"; });
        await using var hosted = await StartAsync(app, services => services.AddScoped<Scoped>());

        var response = await hosted.Client.GetAsync(hosted.Url("/"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("ok");
        seen.View.ShouldNotBeNull();
        (ReferenceEquals(seen.BeforeRequest, seen.View), ReferenceEquals(seen.AfterRequest, seen.View), ReferenceEquals(seen.Teardown, seen.View), seen.DisposedInTeardown)
            .ShouldBe((true, true, true, (bool?)false));
        // Disposed with the request's scope: the app's own (standalone), the host's (mounted), which may end just after the response.
        await seen.View.Disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task ErrorHandler_TakesTheRequestsScopedService()
    {
        Scoped? inView = null;
        var app = new App("services") { SecretKey = "services-test-secret-key" };
        app.ErrorHandler(404, (HttpException e, Scoped scoped) => new Response(ReferenceEquals(scoped, inView) ? "same" : "different", 404));
        app.Route("/missing", (Scoped scoped) => { inView = scoped; return App.Abort(404); });
        await using var hosted = await StartAsync(app, services => services.AddScoped<Scoped>());

        var response = await hosted.Client.GetAsync(hosted.Url("/missing"));

        ((int)response.StatusCode, await response.Content.ReadAsStringAsync()).ShouldBe((404, "same"));
    }

    [Test]
    public async Task Start_HookTakesAServiceNobodyRegistered_FailsNamingTheHookAndTheParameter()
    {
        var app = new App("services") { SecretKey = "services-test-secret-key" };
        app.BeforeRequest((Unregistered missing) => { });
        app.Route("/", () => "ok");

        // Standalone the start fails; mounted, the first request does (the host has started by then) and the host answers 500.
        var error = mode == HostingMode.Standalone
            ? await Should.ThrowAsync<InvalidOperationException>(() => StartAsync(app, services => services.AddScoped<Scoped>()))
            : await FirstRequestErrorAsync(app);

        error.Message.ShouldContain("The before_request hook (Unregistered missing) => ... has a parameter 'missing' of type Unregistered");
    }

    private async Task<InvalidOperationException> FirstRequestErrorAsync(App app)
    {
        await using var hosted = await StartAsync(app, services => services.AddScoped<Scoped>());
        try
        {
            await hosted.Client.GetAsync(hosted.Url("/"));
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
        throw new AssertionException("The first request did not fail.");
    }
}
