using MicroFlask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Tests;

/// <summary>The one place tests create apps: quiet logging, a secret key, nothing else.</summary>
internal static class TestApp
{
    internal const string SecretKey = "test-secret-key";

    internal static App Create(Action<App>? configure = null)
    {
        var app = new App("tests") { LoggerFactory = NullLoggerFactory.Instance };
        app.SecretKey = SecretKey;
        configure?.Invoke(app);
        return app;
    }

    /// <summary>An app whose log lines are kept, for tests that check what was logged.</summary>
    internal static (App App, ListLoggerProvider Logs) CreateWithLogs()
    {
        var logs = new ListLoggerProvider();
        var app = new App("tests") { LoggerFactory = LoggerFactory.Create(b => b.AddProvider(logs)) };
        app.SecretKey = SecretKey;
        return (app, logs);
    }
}
