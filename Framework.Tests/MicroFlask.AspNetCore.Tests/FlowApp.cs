using System.Text;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>The app every hosting mode serves in <see cref="FlowTests"/>: one route per step of the flow under test.</summary>
public static class FlowApp
{
    public static App Create()
    {
        var app = new App("flow") { SecretKey = "flow-test-secret-key" };
        app.Route("/", () => "Hello");
        app.Route("/where", (Request request, App current) =>
            $"{request.ScriptRoot}|{request.Path}|{current.UrlFor("where")}|{current.UrlFor("where", external: true)}");
        app.Route("/query", (Request request) => request.Args.Get("q") ?? "none");
        app.Post("/echo", (Request request) => "echo:" + request.Form.Get("text"));
        app.Post("/login", (Request request, ISession session, App current) =>
        {
            session["user"] = request.Form.Get("user");
            return Response.Redirect(current.UrlFor("me"));
        });
        app.Route("/me", (ISession session) => session.GetString("user") ?? "anonymous");
        app.Route("/two-cookies", () =>
        {
            var response = new Response("two");
            response.SetCookie("a", "1");
            response.SetCookie("b", "2");
            return response;
        });
        app.Route("/items/", () => "items");
        app.Post("/only-post", () => "posted");
        app.Route("/stream", () => new Response("", 200, "text/plain")
        {
            StreamBody = async (stream, cancellationToken) =>
            {
                for (var i = 0; i < 3; i++) await stream.WriteAsync(Encoding.UTF8.GetBytes($"chunk{i};"), cancellationToken);
            },
        });
        app.Route("/boom", string () => throw new InvalidOperationException("boom"));
        app.Route("/host", (Request request) => request.HttpContext is null ? "standalone" : "mounted");
        app.ErrorHandler<InvalidOperationException>(e => ("handled: " + e.Message, 500));
        app.ErrorHandler(404, _ => ("flask 404", 404));
        return app;
    }
}
