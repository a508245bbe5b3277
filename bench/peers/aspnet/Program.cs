// The ASP.NET Core peer of the HTTP benchmark, written as a user of ASP.NET Core would write each
// case. One project with a --case switch instead of three so that run.sh builds it once.
//   --case hello           minimal API returning "Hello"
//   --case session-memory  Session middleware on the in-memory distributed cache
//   --case session-redis   Session middleware on Redis at 127.0.0.1:6379
// Kestrel's address comes from --urls, as usual.

var builder = WebApplication.CreateBuilder(args);

// A log line per request would measure the console, not the framework.
builder.Logging.ClearProviders();

var benchCase = builder.Configuration["case"] ?? "hello";
switch (benchCase)
{
    case "hello":
        break;
    case "session-memory":
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSession();
        break;
    case "session-redis":
        builder.Services.AddStackExchangeRedisCache(options => options.Configuration = "127.0.0.1:6379");
        builder.Services.AddSession();
        break;
    default:
        Console.Error.WriteLine($"Unknown --case '{benchCase}': use hello, session-memory or session-redis.");
        return 2;
}

var app = builder.Build();

if (benchCase == "hello")
{
    app.MapGet("/", () => "Hello");
}
else
{
    app.UseSession();
    app.MapGet("/session", async (HttpContext context) =>
    {
        // The docs' advice: load explicitly, otherwise the first access reads the store synchronously.
        await context.Session.LoadAsync();
        var counter = (context.Session.GetInt32("counter") ?? 0) + 1;
        context.Session.SetInt32("counter", counter);
        return counter.ToString();
    });
}

app.Run();
return 0;
