using MicroFlask.Context;
using MicroFlask.Testing;

namespace MicroFlask;

public partial class App
{
    /// <summary>A client that sends requests to this app in-process, keeping cookies (Flask's <c>test_client</c>).</summary>
    /// <exception cref="InvalidOperationException">A view has a parameter the app cannot supply (see <see cref="ConfigureServices"/>).</exception>
    public TestClient TestClient()
    {
        EnsureStarted();
        return new(this);
    }

    /// <summary>
    /// Pushes a request context for a request that is never dispatched (Flask's <c>test_request_context</c>), so that a
    /// test or a script can call code that reads <see cref="Request.Current"/>, <see cref="Session.Current"/> or
    /// <see cref="UrlFor"/>: <c>await using var ctx = await app.TestRequestContextAsync("/search?q=x");</c>. The session
    /// is opened, the URL matched and the body read; disposing the context pops it, running the teardown hooks.
    /// </summary>
    public ValueTask<RequestContext> TestRequestContextAsync(
        string url = "/",
        string method = "GET",
        IEnumerable<KeyValuePair<string, string>>? form = null,
        object? json = null,
        byte[]? data = null,
        string? contentType = null,
        IDictionary<string, string>? headers = null)
    {
        var builder = new EnvironBuilder(method, url) { Form = form, Json = json, Data = data, ContentType = contentType };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) builder.Headers[name] = value;
        return TestRequestContextAsync(builder);
    }

    /// <summary>A pushed request context, as the other overload, for the request <paramref name="builder"/> describes.</summary>
    public ValueTask<RequestContext> TestRequestContextAsync(EnvironBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EnsureStarted();
        var ctx = CreateRequestContext(builder.Build());
        // Pushed here, not in an async method: the push must land in the caller's async flow (see WsgiApp). What
        // follows only opens the session and reads the body, which touch no async-local.
        ValueTask pushing;
        try
        {
            pushing = ctx.PushAsync();
        }
        catch (Exception e)
        {
            pushing = ValueTask.FromException(e);
        }
        return FinishTestPushAsync(ctx, pushing);
    }

    private static async ValueTask<RequestContext> FinishTestPushAsync(RequestContext ctx, ValueTask pushing)
    {
        try
        {
            await pushing;
            if (ctx.Request.UrlRule is not { StreamsBody: true }) await ctx.Request.LoadBodyAsync(ctx.Request.Aborted);
            return ctx;
        }
        catch (Exception e)
        {
            // Nobody holds the context yet to dispose it: popped here, so that a failed push leaves nothing behind.
            await ctx.AutoPopAsync(e);
            throw;
        }
    }
}
