using MicroFlask.Context;

namespace MicroFlask.Tests.Flow;

/// <summary>The flow's steps are protected virtual, as in Flask: a subclass can change one and keep the rest.</summary>
public class OverriddenStepTests
{
    private sealed class StampingApp : App
    {
        public StampingApp() : base("tests") => LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

        protected override async ValueTask<Response> ProcessResponseAsync(RequestContext ctx, Response response)
        {
            response = await base.ProcessResponseAsync(ctx, response);
            response.Headers.Set("X-Endpoint", ctx.Request.Endpoint ?? "none");
            return response;
        }

        protected override ValueTask<object?> DispatchRequestAsync(RequestContext ctx) =>
            ctx.Request.Path == "/intercepted" ? new ValueTask<object?>("from the subclass") : base.DispatchRequestAsync(ctx);
    }

    [Test]
    public async Task ProcessResponseAsync_Overridden_AddsItsHeaderWithTheContextsEndpoint()
    {
        var app = new StampingApp();
        app.Route("/", () => "hello", endpoint: "home");

        var response = await app.TestClient().GetAsync("/");

        response.Headers["X-Endpoint"].ShouldBe("home");
    }

    [Test]
    public async Task ProcessResponseAsync_Overridden_RunsForErrorPagesToo()
    {
        var app = new StampingApp();

        var response = await app.TestClient().GetAsync("/missing");

        (response.StatusCode, response.Headers["X-Endpoint"]).ShouldBe((404, "none"));
    }

    [Test]
    public async Task DispatchRequestAsync_Overridden_ReplacesTheView()
    {
        var app = new StampingApp();
        app.Route("/intercepted", () => "from the view");

        (await app.TestClient().GetAsync("/intercepted")).Text.ShouldBe("from the subclass");
    }
}
