using MicroFlask;
using MicroFlask.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// MicroFlask's side of the HTTP benchmark, written as a user of MicroFlask would write each case. One project
// with a --case switch, as the ASP.NET Core peer, so that run.sh builds it once.
//   --case hello               GET / answers "Hello"
//   --case session-cookie      GET /session counts in the signed-cookie session (the default)
//   --case session-redis       the same in Redis on 127.0.0.1:6379 (BENCH_REDIS overrides)
//   --case session-redis-increment  session-redis with Session.Increment (a delta HINCRBY applies) instead of read-and-set
//   --case session-sqlite      the same in a SQLite file in a fresh temp folder
//   --case session-filesystem  the same in files in a fresh temp folder
//   --case session-memcached   the same in memcached on 127.0.0.1:11211 (BENCH_MEMCACHED overrides)
//   --case session-postgres    the same in PostgreSQL, scripts/services.sh's on 127.0.0.1:5433 (BENCH_POSTGRES overrides)
//   --case upload              POST /upload saves the multipart file "file" in a fresh temp folder (then deletes it);
//                              MAX_CONTENT_LENGTH from BENCH_MAX_CONTENT_LENGTH (bench/memory/upload_rss.sh)
//   --case mounted-hello       hello, mounted at / in a WebApplication (MapMicroFlask: ASP.NET Core's routing, as
//                              the minimal API peer goes through it)
//   --case mounted-session-cookie  session-cookie, mounted the same way
// The address comes from --urls or --port, as for any app.Run(args).

var (benchCase, runArgs) = CaseFrom(args);
// The mounted cases run the standalone cases' app inside ASP.NET Core.
var mounted = benchCase.StartsWith("mounted-", StringComparison.Ordinal);
if (mounted) benchCase = benchCase["mounted-".Length..];
var app = new App("bench");
// A log line per request would measure the console, not the framework.
app.LoggerFactory = NullLoggerFactory.Instance;
app.SecretKey = "bench-secret-key-not-for-production";

string? tempDir = null;
switch (benchCase)
{
    case "hello":
    case "session-cookie":
        break;
    case "upload":
        tempDir = Directory.CreateTempSubdirectory("microflask-bench-upload.").FullName;
        if (long.TryParse(Environment.GetEnvironmentVariable("BENCH_MAX_CONTENT_LENGTH"), out var maxContentLength)) app.Config["MAX_CONTENT_LENGTH"] = maxContentLength;
        var uploads = tempDir;
        app.Post("/upload", async () =>
        {
            var file = Request.Current.Files["file"];
            var saved = Path.Combine(uploads, "upload.bin");
            await file.SaveAsync(saved);
            var length = new FileInfo(saved).Length;
            File.Delete(saved);
            return length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        break;
    case "session-redis":
    case "session-redis-increment":
        app.Config["SESSION_TYPE"] = "redis";
        app.Config["SESSION_REDIS"] = Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "127.0.0.1:6379";
        break;
    case "session-memcached":
        app.Config["SESSION_TYPE"] = "memcached";
        app.Config["SESSION_MEMCACHED"] = Environment.GetEnvironmentVariable("BENCH_MEMCACHED") ?? "127.0.0.1:11211";
        break;
    case "session-postgres":
        app.Config["SESSION_TYPE"] = "sqlalchemy";
        app.Config["SESSION_SQL_URL"] = Environment.GetEnvironmentVariable("BENCH_POSTGRES")
            ?? "postgresql://microflask:microflask@127.0.0.1:5433/microflask_test";
        app.Config["SESSION_SQL_TABLE"] = "bench_microflask_sessions";
        break;
    case "session-sqlite":
        tempDir = Directory.CreateTempSubdirectory("microflask-bench-sqlite.").FullName;
        app.Config["SESSION_TYPE"] = "sqlalchemy";
        app.Config["SESSION_SQL_URL"] = "sqlite:///" + Path.Combine(tempDir, "sessions.db");
        break;
    case "session-filesystem":
        tempDir = Directory.CreateTempSubdirectory("microflask-bench-files.").FullName;
        app.Config["SESSION_TYPE"] = "filesystem";
        app.Config["SESSION_FILE_DIR"] = tempDir;
        break;
    default:
        Console.Error.WriteLine($"Unknown --case '{benchCase}': use hello, session-cookie, session-redis, session-redis-increment, session-sqlite, session-filesystem, session-memcached, session-postgres or upload, or mounted- before hello or session-cookie.");
        return 2;
}
if (benchCase is not ("hello" or "session-cookie" or "upload")) app.UseSessionStore();

app.Route("/", () => "Hello");
var increment = benchCase == "session-redis-increment";
app.Route("/session", () =>
{
    // The store adds the delta itself, so concurrent requests on one session count exactly.
    if (increment) return Session.Current.Increment("counter").ToString(System.Globalization.CultureInfo.InvariantCulture);
    var counter = Session.Current.GetLong("counter") + 1;
    Session.Current["counter"] = counter;
    return counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
});

try
{
    if (mounted) RunMounted(app, runArgs);
    else app.Run(runArgs);
}
finally
{
    // The store's files are of this run only.
    if (tempDir is not null) Directory.Delete(tempDir, recursive: true);
}
return 0;

// As an ASP.NET Core user mounts it: a WebApplication (address from --urls), no log line per request, as the peer.
static void RunMounted(App app, string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.ClearProviders();
    var web = builder.Build();
    web.MapMicroFlask("/", app);
    web.Run();
}

// "--case x" or "--case=x"; the rest of args is left to app.Run, whose parser refuses options it does not know.
static (string Case, string[] Others) CaseFrom(string[] args)
{
    var benchCase = "hello";
    var rest = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--case" && i + 1 < args.Length) benchCase = args[++i];
        else if (args[i].StartsWith("--case=", StringComparison.Ordinal)) benchCase = args[i]["--case=".Length..];
        else rest.Add(args[i]);
    }
    return (benchCase, rest.ToArray());
}
