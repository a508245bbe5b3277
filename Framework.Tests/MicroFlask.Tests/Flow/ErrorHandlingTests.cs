using MicroFlask.Http;

namespace MicroFlask.Tests.Flow;

public class ErrorHandlingTests
{
    private sealed class QuotaException(string message) : InvalidOperationException(message);

    [Test]
    public async Task UnhandledException_Returns500AndLogsThePath()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        app.Route("/boom", object () => throw new InvalidOperationException("secret detail"));

        var response = await app.TestClient().GetAsync("/boom");

        response.StatusCode.ShouldBe(500);
        response.Text.ShouldNotContain("secret detail");
        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("/boom"));
    }

    [Test]
    public async Task UnhandledException_DebugMode_ShowsDetails()
    {
        var app = TestApp.Create(a => a.Config["PROPAGATE_EXCEPTIONS"] = false);
        app.Debug = true;
        app.Route("/boom", object () => throw new InvalidOperationException("detail <b>"));

        var response = await app.TestClient().GetAsync("/boom");

        response.StatusCode.ShouldBe(500);
        response.Text.ShouldContain("detail &lt;b&gt;");
    }

    [Test]
    public async Task Testing_PropagatesExceptionsToTheCaller()
    {
        var app = TestApp.Create(a => a.Testing = true);
        app.Route("/boom", object () => throw new InvalidOperationException("up"));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.TestClient().GetAsync("/boom"));

        error.Message.ShouldBe("up");
    }

    [Test]
    public async Task ErrorHandler_ByCode_RendersCustom404()
    {
        var app = TestApp.Create();
        app.ErrorHandler(404, e => ("nothing here", 404));

        var response = await app.TestClient().GetAsync("/missing");

        response.StatusCode.ShouldBe(404);
        response.Text.ShouldBe("nothing here");
    }

    [Test]
    public async Task ErrorHandler_ByBaseType_HandlesSubclass()
    {
        var app = TestApp.Create();
        app.ErrorHandler<InvalidOperationException>(e => ($"handled: {e.Message}", 409));
        app.Route("/", object () => throw new QuotaException("quota"));

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(409);
        response.Text.ShouldBe("handled: quota");
    }

    [Test]
    public async Task ErrorHandler_MostSpecificTypeWins()
    {
        var app = TestApp.Create();
        app.ErrorHandler<Exception>(_ => "general");
        app.ErrorHandler<QuotaException>(_ => "specific");
        app.Route("/", object () => throw new QuotaException("quota"));

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("specific");
    }

    [Test]
    public async Task ErrorHandler_For500_ReceivesTheOriginalException()
    {
        var app = TestApp.Create();
        Exception? original = null;
        app.ErrorHandler(500, e => { original = ((InternalServerErrorException)e).OriginalException; return ("sorry", 500); });
        app.Route("/", object () => throw new ArgumentException("root cause"));

        var response = await app.TestClient().GetAsync("/");

        response.Text.ShouldBe("sorry");
        original.ShouldBeOfType<ArgumentException>().Message.ShouldBe("root cause");
    }

    [Test]
    public async Task Abort_EndsRequestWithCode()
    {
        var app = TestApp.Create();
        app.Route("/secret", object () => App.Abort(403));

        var response = await app.TestClient().GetAsync("/secret");

        response.StatusCode.ShouldBe(403);
        response.Text.ShouldContain("Forbidden");
    }

    [Test]
    public async Task ViewReturnsNull_Is500WithClearLog()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        app.Route("/", () => (string?)null, endpoint: "nothing");

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(500);
        logs.Entries.ShouldContain(e => e.Exception != null && e.Exception.Message.Contains("did not return a valid response"));
    }

    [Test]
    public async Task ErrorHandler_ThrowsDuringErrorPage_StillAnswers()
    {
        var (app, logs) = TestApp.CreateWithLogs();
        app.AfterRequest(_ => throw new InvalidOperationException("after hook broken"));
        app.Route("/", () => "ok");

        var response = await app.TestClient().GetAsync("/");

        response.StatusCode.ShouldBe(500);
        logs.Entries.ShouldContain(e => e.Message.Contains("while handling an error"));
    }
}
