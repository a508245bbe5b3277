using MicroFlask.Blueprints;

namespace MicroFlask.Tests.Flow;

/// <summary>Which error handler Flask 3.1 picks, and what trapping does (checked against Flask itself).</summary>
public class ErrorHandlerLookupTests
{
    private sealed class GoneMissingException() : HttpException(404, "gone");

    [Test]
    public async Task ErrorHandler_SubclassOfHttpError_BeatsItsCodeAsFlaskWalksTheMro()
    {
        var app = TestApp.Create();
        app.ErrorHandler(404, e => ("by code", 404));
        app.ErrorHandler<GoneMissingException>(e => ("by class", 404));
        app.Route("/", object () => throw new GoneMissingException());

        (await app.TestClient().GetAsync("/")).Text.ShouldBe("by class");
    }

    [Test]
    public async Task ErrorHandler_PlainHttpErrorOfThatCode_StillGoesToTheCode()
    {
        var app = TestApp.Create();
        app.ErrorHandler(404, e => ("by code", 404));
        app.ErrorHandler<GoneMissingException>(e => ("by class", 404));
        app.Route("/", () => App.Abort(404));

        (await app.TestClient().GetAsync("/")).Text.ShouldBe("by code");
    }

    [Test]
    public async Task ErrorHandler_BlueprintSubclassHandler_BeatsBlueprintCodeHandler()
    {
        var app = TestApp.Create();
        var bp = new Blueprint("bp");
        bp.ErrorHandler(404, e => ("bp code", 404));
        bp.ErrorHandler<GoneMissingException>(e => ("bp class", 404));
        bp.Route("/x", object () => throw new GoneMissingException());
        app.RegisterBlueprint(bp);

        (await app.TestClient().GetAsync("/x")).Text.ShouldBe("bp class");
    }

    [Test]
    public async Task TrapHttpExceptions_NoHandler_Answers500AsFlask()
    {
        var app = TestApp.Create();
        app.Config["TRAP_HTTP_EXCEPTIONS"] = true;
        app.Route("/", () => App.Abort(404));

        (await app.TestClient().GetAsync("/")).StatusCode.ShouldBe(500);
    }

    [Test]
    public void TrapHttpExceptions_Testing_ReRaises()
    {
        var app = TestApp.Create();
        app.Testing = true;
        app.Config["TRAP_HTTP_EXCEPTIONS"] = true;
        app.Route("/", () => App.Abort(404));

        Should.Throw<HttpException>(() => app.TestClient().GetAsync("/")).Code.ShouldBe(404);
    }

    [Test]
    public async Task TrapHttpExceptions_HandlerForCode_StillHandles()
    {
        var app = TestApp.Create();
        app.Config["TRAP_HTTP_EXCEPTIONS"] = true;
        app.ErrorHandler(404, e => ("handled", 404));
        app.Route("/", () => App.Abort(404));

        (await app.TestClient().GetAsync("/")).Text.ShouldBe("handled");
    }

    [TestCase(400, 500)]
    [TestCase(404, 404)]
    public async Task TrapBadRequestErrors_TrapsOnly400(int raised, int answered)
    {
        var app = TestApp.Create();
        app.Config["TRAP_BAD_REQUEST_ERRORS"] = true;
        app.Route("/", () => App.Abort(raised));

        (await app.TestClient().GetAsync("/")).StatusCode.ShouldBe(answered);
    }
}
