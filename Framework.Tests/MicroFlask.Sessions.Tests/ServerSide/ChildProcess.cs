using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Sql;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// Runs this test assembly again as a second process (its <see cref="Main"/>), so that the filesystem store can be
/// checked against a real other process rather than another instance in the same one (SQLite too: a DIRECTORY of
/// <c>sqlite:PATH</c> is that database).
/// </summary>
public static class ChildProcess
{
    /// <summary>Starts a process that applies <paramref name="count"/> keys named PREFIX0.. to session <paramref name="id"/>; returns once it is running.</summary>
    public static async Task<RunningProcess> StartApplyingAsync(string directory, string id, string prefix, int count)
    {
        var child = ProcessRunner.Start("dotnet",
            [typeof(ChildProcess).Assembly.Location, "apply", directory, id, prefix, count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        // Waits for "ready" so that both processes really write at the same time.
        await child.WaitForLineAsync("ready", TimeSpan.FromSeconds(30));
        return child;
    }

    /// <summary>The child's entry point: <c>apply DIRECTORY ID PREFIX COUNT</c>.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["apply", var directory, var id, var prefix, var countText]) return 2;
        ISessionStore store = directory.StartsWith("sqlite:", StringComparison.Ordinal)
            ? SqlSessionStore.FromConnectionString("Data Source=" + directory["sqlite:".Length..], SqlDialect.Sqlite)
            : new FileSystemSessionStore(directory);
        Console.Out.WriteLine("ready");
        await Console.Out.FlushAsync();
        for (var i = 0; i < int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            var changes = new SessionChanges(false, new Dictionary<string, string> { [prefix + i] = "v" }, Array.Empty<string>());
            await store.ApplyAsync(id, changes, TimeSpan.FromHours(1), CancellationToken.None);
        }
        return 0;
    }
}
