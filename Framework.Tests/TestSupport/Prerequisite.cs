using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Sockets;

namespace MicroFlask.TestSupport;

/// <summary>
/// What a test does when something it needs from outside (a server, python3 with Flask, chromium) is missing:
/// on a developer's machine it is ignored with the reason printed, under CI (<see cref="IsCI"/>) it fails, so that a
/// missing prerequisite never passes for green. build.sh's summary counts ignored tests as failed under CI too.
/// </summary>
public static class Prerequisite
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The one definition of CI for the tests: the CI variable is "true", as build.sh and CI services set it.</summary>
    public static bool IsCI => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Ends the test (or fixture, from a OneTimeSetUp): failed under CI, ignored otherwise, saying what is missing, why and how to fix it.</summary>
    [DoesNotReturn]
    public static void Missing(string what, string reason, string fix = "Start the test servers with `scripts/services.sh start`.")
    {
        var message = $"{what} is not available ({reason}). {fix}";
        TestContext.Progress.WriteLine(message);
        if (IsCI) Assert.Fail(message + " Under CI=true a missing prerequisite is a failure, not a skip.");
        Assert.Ignore(message);
        throw new UnreachableException();
    }

    /// <summary>Runs <paramref name="connect"/>; when it throws, the test ends as <see cref="Missing"/> says.</summary>
    public static async Task<T> RequireAsync<T>(string what, Func<Task<T>> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        try
        {
            return await connect();
        }
        catch (Exception e) when (e is not ResultStateException)
        {
            Missing(what, e.GetType().Name + ": " + e.Message);
            throw; // not reached: Missing always throws
        }
    }

    /// <summary>
    /// The address of a test server: <paramref name="variable"/> if set, else <paramref name="fallback"/> (what
    /// scripts/services.sh serves), once it accepts a TCP connection; otherwise the test ends as <see cref="Missing"/> says.
    /// </summary>
    /// <param name="server">For the message, e.g. "memcached".</param>
    /// <param name="variable">The environment variable, e.g. MICROFLASK_TEST_MEMCACHED.</param>
    /// <param name="fallback">The address services.sh serves, e.g. "127.0.0.1:11211".</param>
    public static async Task<string> RequireServerAsync(string server, string variable, string fallback)
    {
        var address = ServerAddress(variable, fallback);
        var (host, port) = FirstHostPort(address);
        var problem = await ProbeAsync(host, port);
        if (problem is not null)
        {
            Missing($"{server} at {host}:{port}", problem, $"Start it with `scripts/services.sh start`, or point {variable} at one.");
        }

        return address;
    }

    /// <summary>The value of <paramref name="variable"/>, or <paramref name="fallback"/> when it is unset or blank.</summary>
    public static string ServerAddress(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : fallback;

    /// <summary>"host:port" (or the first of "host:port,host:port"); IPv6 as "[::1]:port".</summary>
    public static (string Host, int Port) FirstHostPort(string address)
    {
        var first = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];
        var colon = first.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(first[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"'{address}' is not host:port; write it as 127.0.0.1:11211.");
        }

        return (first[..colon].Trim('[', ']'), port);
    }

    private static async Task<string?> ProbeAsync(string host, int port)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }
}
