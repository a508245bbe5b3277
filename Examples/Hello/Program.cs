using MicroFlask;

// The smallest MicroFlask app: `dotnet run --project Examples/Hello`, then open http://127.0.0.1:5000/
var app = HelloApp.Create();
app.Run(args);

/// <summary>Builds the Hello app, so tests and benchmarks serve the very same one.</summary>
public static class HelloApp
{
    public static App Create()
    {
        var app = new App("hello");
        app.Config.FromPrefixedEnv();
        app.Route("/", () => "Hello");
        app.Route("/hello/<name>", (string name) => $"Hello, {Markup.Escape(name)}!");
        return app;
    }
}
