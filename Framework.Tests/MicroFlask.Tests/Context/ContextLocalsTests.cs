using AppContext = MicroFlask.Context.AppContext;
using MicroFlask.Context;
using MicroFlask.Http;

namespace MicroFlask.Tests.Context;

public class ContextLocalsTests
{
    [Test]
    public void RequestCurrent_OutsideRequest_SaysWorkingOutsideOfRequestContext()
    {
        var error = Should.Throw<InvalidOperationException>(() => Request.Current);

        error.Message.ShouldStartWith("Working outside of request context.");
    }

    [Test]
    public void SessionCurrent_OutsideRequest_SaysWorkingOutsideOfRequestContext()
    {
        Should.Throw<InvalidOperationException>(() => Session.Current).Message.ShouldStartWith("Working outside of request context.");
    }

    [Test]
    public void GCurrent_OutsideAppContext_SaysWorkingOutsideOfApplicationContext()
    {
        Should.Throw<InvalidOperationException>(() => G.Current).Message.ShouldStartWith("Working outside of application context.");
    }

    [Test]
    public async Task AppContext_PushedByHand_MakesGAndAppCurrentUntilPopped()
    {
        var app = TestApp.Create();
        var context = new AppContext(app);

        context.Push();
        G.Current["x"] = 1;
        App.Current.ShouldBeSameAs(app);
        await context.PopAsync();

        AppContext.IsActive.ShouldBeFalse();
    }

    [Test]
    public async Task Proxies_InsideView_AreThisRequests()
    {
        var app = TestApp.Create();
        app.BeforeRequest(() => { G.Current["user"] = Request.Current.Args.Get("u"); });
        app.Route("/", () => $"{App.Current.Name}:{G.Current["user"]}:{Request.Current.Path}");

        var response = await app.TestClient().GetAsync("/?u=ann");

        response.Text.ShouldBe("tests:ann:/");
    }

    [Test]
    public async Task Contexts_AfterRequest_ArePopped()
    {
        var app = TestApp.Create();
        app.Route("/", () => "ok");

        await app.WsgiApp(new Testing.EnvironBuilder("GET", "/").Build());

        RequestContext.IsActive.ShouldBeFalse();
        AppContext.IsActive.ShouldBeFalse();
    }

    [Test]
    public async Task ConcurrentRequests_InProcess_NeverShareContext()
    {
        var app = TestApp.Create();
        app.Route("/<int:n>", async (int n) =>
        {
            G.Current["n"] = n;
            await Task.Delay(Random.Shared.Next(0, 5));
            return $"{n}:{Request.Current.Path}:{G.Current["n"]}";
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => app.WsgiApp(new Testing.EnvironBuilder("GET", $"/{n}").Build())));

        for (var n = 0; n < 200; n++) responses[n].GetText().ShouldBe($"{n}:/{n}:{n}");
    }

    [Test]
    public void LocalStack_PushPop_IsLastInFirstOut()
    {
        var stack = new LocalStack<string>();
        stack.Push("a");
        stack.Push("b");

        stack.Count.ShouldBe(2);
        stack.Pop().ShouldBe("b");
        stack.Top.ShouldBe("a");
    }

    [Test]
    public async Task LocalStack_PopAfterAnAwaitInsideAsyncMethod_IsSeenByTheCaller()
    {
        var stack = new LocalStack<string>();
        stack.Push("outer");
        stack.Push("inner");

        await PopLater(stack);

        stack.Top.ShouldBe("outer");
        stack.Count.ShouldBe(1);
    }

    private static async Task PopLater(LocalStack<string> stack)
    {
        await Task.Yield();
        stack.Pop();
    }

    [Test]
    public async Task LocalStack_PushInChildFlow_DoesNotLeakToParent()
    {
        var stack = new LocalStack<string>();
        stack.Push("parent");

        await Task.Run(() => stack.Push("child"));

        stack.Top.ShouldBe("parent");
    }
}
