namespace MicroFlask.Sessions.Tests;

/// <summary>
/// What a store test does when its server is not running: locally it is ignored with the reason printed, under
/// CI (CI=true) it fails, so that a missing server never passes for green.
/// </summary>
public static class ServerAvailability
{
    /// <summary>Whether the tests run under CI (the CI environment variable is "true").</summary>
    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends the test: failed under CI, ignored otherwise, saying which server and why.</summary>
    public static void Unavailable(string server, string reason)
    {
        var message = $"{server} is not reachable ({reason}). Start the test servers with scripts/services.sh start.";
        if (IsCI) Assert.Fail(message);
        Assert.Ignore(message);
    }

    /// <summary>Runs <paramref name="connect"/>; when it throws, the test ends as <see cref="Unavailable"/> says.</summary>
    public static async Task<T> RequireAsync<T>(string server, Func<Task<T>> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        try
        {
            return await connect();
        }
        catch (Exception e) when (e is not AssertionException and not IgnoreException)
        {
            Unavailable(server, e.GetType().Name + ": " + e.Message);
            throw; // not reached: Unavailable always throws
        }
    }
}
