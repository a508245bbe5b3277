using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Tests.Hosting;

/// <summary>The standalone server's access log: Werkzeug's request line, on with DEBUG or ACCESS_LOG, through real Kestrel.</summary>
[NonParallelizable]
public class AccessLogTests
{
    /// <summary>Keeps each entry with its category, and counts every call of the access logger.</summary>
    private sealed class CategoryLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public int AccessLogCalls;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(CategoryLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel)
            {
                if (category == "MicroFlask.Access") Interlocked.Increment(ref provider.AccessLogCalls);
                return true;
            }

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category == "MicroFlask.Access") Interlocked.Increment(ref provider.AccessLogCalls);
                provider.Entries.Enqueue((category, logLevel, formatter(state, exception)));
            }
        }
    }

    private static async Task<CategoryLoggerProvider> ServeAsync(Action<App> configure, params string[] paths)
    {
        var logs = new CategoryLoggerProvider();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        var app = new App("tests") { LoggerFactory = LoggerFactory.Create(b => b.AddProvider(logs)), TimeProvider = clock, SecretKey = TestApp.SecretKey };
        // Debug propagates exceptions; the log line is what is under test, not the error page.
        app.Config["PROPAGATE_EXCEPTIONS"] = false;
        app.Route("/path", () => "ok");
        configure(app);
        await using var server = await app.StartAsync("127.0.0.1", 0);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        foreach (var path in paths) (await client.GetAsync(path)).Dispose();
        return logs;
    }

    private static string[] AccessLines(CategoryLoggerProvider logs) =>
        logs.Entries.Where(e => e.Category == "MicroFlask.Access" && e.Level == LogLevel.Information).Select(e => e.Message).ToArray();

    [Test]
    public async Task Debug_EachRequest_LogsWerkzeugsLine()
    {
        var logs = await ServeAsync(app => app.Debug = true, "/path?q", "/missing");

        AccessLines(logs).ShouldBe([
            "127.0.0.1 - - [02/Dec/2026 10:00:00] \"GET /path?q HTTP/1.1\" 200 -",
            "127.0.0.1 - - [02/Dec/2026 10:00:00] \"GET /missing HTTP/1.1\" 404 -",
        ]);
    }

    [Test]
    public async Task NotDebug_NothingIsLogged_AndTheAccessLoggerIsNeverAsked()
    {
        var logs = await ServeAsync(_ => { }, "/path", "/path");

        (AccessLines(logs).Length, logs.AccessLogCalls).ShouldBe((0, 0));
    }

    [Test]
    public async Task AccessLogTrue_WithoutDebug_Logs()
    {
        var logs = await ServeAsync(app => app.Config["ACCESS_LOG"] = true, "/path");

        AccessLines(logs).ShouldBe(["127.0.0.1 - - [02/Dec/2026 10:00:00] \"GET /path HTTP/1.1\" 200 -"]);
    }

    [Test]
    public async Task AccessLogFalse_WithDebug_IsOff()
    {
        var logs = await ServeAsync(app => { app.Debug = true; app.Config["ACCESS_LOG"] = "false"; }, "/path");

        (AccessLines(logs).Length, logs.AccessLogCalls).ShouldBe((0, 0));
    }

    [Test]
    public async Task Debug_AnErrorPage_IsLoggedWithItsStatus()
    {
        var logs = await ServeAsync(app =>
        {
            app.Debug = true;
            app.Route("/boom", string () => throw new InvalidOperationException("boom"));
        }, "/boom");

        AccessLines(logs).ShouldBe(["127.0.0.1 - - [02/Dec/2026 10:00:00] \"GET /boom HTTP/1.1\" 500 -"]);
    }
}
