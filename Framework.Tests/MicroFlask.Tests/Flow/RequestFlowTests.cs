using MicroFlask.Http;

namespace MicroFlask.Tests.Flow;

public class RequestFlowTests
{
    [Test]
    public async Task WsgiApp_HelloView_ReturnsBodyAndStatus()
    {
        var app = TestApp.Create();
        app.Route("/", () => "Hello");

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(200);
        response.Text.ShouldBe("Hello");
        response.Headers["Content-Type"].ShouldBe("text/html; charset=utf-8");
    }

    [Test]
    public async Task FullDispatchRequest_RunsStepsInFlaskOrder()
    {
        var app = TestApp.Create();
        var steps = new List<string>();
        app.BeforeFirstRequest(() => steps.Add("before_first_request"));
        app.Signals.RequestStarted.Connect((_, _) => steps.Add("request_started"));
        app.BeforeRequest(() => steps.Add("before_request"));
        app.Route("/", () => { steps.Add("view"); return "ok"; });
        app.AfterRequest(r => { steps.Add("after_request"); return r; });
        app.Signals.RequestFinished.Connect((_, _) => steps.Add("request_finished"));
        app.TeardownRequest(_ => steps.Add("teardown_request"));
        app.Signals.RequestTearingDown.Connect((_, _) => steps.Add("request_tearing_down"));
        app.TeardownAppContext(_ => steps.Add("teardown_appcontext"));
        app.Signals.AppContextPopped.Connect((_, _) => steps.Add("appcontext_popped"));
        app.Signals.AppContextPushed.Connect((_, _) => steps.Add("appcontext_pushed"));

        await app.TestClient().GetAsync("/");

        steps.ShouldBe(new[]
        {
            "appcontext_pushed", "before_first_request", "request_started", "before_request", "view", "after_request",
            "request_finished", "teardown_request", "request_tearing_down", "teardown_appcontext", "appcontext_popped",
        });
    }
}
