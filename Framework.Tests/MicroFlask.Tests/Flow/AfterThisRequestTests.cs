namespace MicroFlask.Tests.Flow;

/// <summary>Flask's after_this_request (tests/test_basic.py test_after_request_processing).</summary>
public class AfterThisRequestTests
{
    [Test]
    public async Task AfterThisRequest_InAView_ChangesTheResponse()
    {
        var app = TestApp.Create();
        app.Route("/", () =>
        {
            App.AfterThisRequest(response =>
            {
                response.Headers.Set("X-Foo", "a header");
                return response;
            });
            return "Test";
        });

        var response = await app.TestClient().GetAsync("/");

        response.Headers["X-Foo"].ShouldBe("a header");
    }

    [Test]
    public async Task AfterThisRequest_RunsBeforeTheAppsAfterRequestHooks()
    {
        var app = TestApp.Create();
        var order = new List<string>();
        app.AfterRequest(response => { order.Add("app"); return response; });
        app.Route("/", () =>
        {
            App.AfterThisRequest(response => { order.Add("first"); return response; });
            App.AfterThisRequestAsync(response => { order.Add("second"); return Task.FromResult(response); });
            return "ok";
        });

        await app.TestClient().GetAsync("/");

        order.ShouldBe(["first", "second", "app"]);
    }

    [Test]
    public async Task AfterThisRequest_OnlyForThisRequest()
    {
        var app = TestApp.Create();
        app.Route("/", (Request request) =>
        {
            if (request.Args.ContainsKey("mark")) App.AfterThisRequest(response => { response.Headers.Set("X-Mark", "1"); return response; });
            return "ok";
        });
        var client = app.TestClient();
        await client.GetAsync("/?mark=1");

        var second = await client.GetAsync("/");

        second.Headers["X-Mark"].ShouldBeNull();
    }

    [Test]
    public void AfterThisRequest_OutsideARequest_Throws()
    {
        Should.Throw<InvalidOperationException>(() => App.AfterThisRequest(r => r))
            .Message.ShouldContain("can only be used when a request context is active");
    }

    [Test]
    public async Task CopyCurrentRequestContext_RunsAfterTheRequestWithItsContext()
    {
        var app = TestApp.Create();
        Func<Task<string>>? later = null;
        app.Route("/", () =>
        {
            later = App.CopyCurrentRequestContext(async () =>
            {
                await Task.Yield();
                return Request.Current.Args["q"];
            });
            return "ok";
        });
        await app.TestClient().GetAsync("/?q=kept");

        (await Task.Run(later!)).ShouldBe("kept");
    }

    [Test]
    public async Task CopyCurrentRequestContext_LeavesNoContextBehind()
    {
        var app = TestApp.Create();
        Action? later = null;
        app.Route("/", () =>
        {
            later = App.CopyCurrentRequestContext(() => Request.Current.Path.ShouldBe("/"));
            return "ok";
        });
        await app.TestClient().GetAsync("/");

        later!();

        MicroFlask.Context.RequestContext.IsActive.ShouldBeFalse();
    }
}
