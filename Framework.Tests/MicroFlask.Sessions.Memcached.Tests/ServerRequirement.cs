using System.Globalization;
using System.Net.Sockets;

namespace MicroFlask.TestSupport;

/// <summary>
/// Finds a test server's address (an environment variable, else the default of scripts/services.sh)
/// and checks that it accepts a TCP connection. When it does not, the calling test (or fixture, from
/// a OneTimeSetUp) is ignored with the reason printed; under CI=true it fails instead, so a CI run
/// can never pass by skipping its stores. No dependency on any store: other store tests can reuse it.
/// </summary>
internal static class ServerRequirement
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>True when the CI variable says so ("true" or "1").</summary>
    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>
    /// Returns the address from <paramref name="variable"/> or <paramref name="fallback"/> once it
    /// answers; otherwise ignores (locally) or fails (CI) the test.
    /// </summary>
    /// <param name="serverName">For the message, e.g. "memcached".</param>
    /// <param name="variable">The environment variable, e.g. MICROFLASK_TEST_MEMCACHED.</param>
    /// <param name="fallback">The address services.sh serves, e.g. "127.0.0.1:11211".</param>
    /// <param name="endpointOf">Where to probe, for addresses that are not "host:port[,...]"
    /// (connection strings); the default takes the first "host:port" of a comma-separated list.</param>
    public static async Task<string> RequireAsync(
        string serverName, string variable, string fallback, Func<string, (string Host, int Port)>? endpointOf = null)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        var address = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        var (host, port) = (endpointOf ?? FirstHostPort)(address);

        var problem = await ProbeAsync(host, port);
        if (problem is null)
        {
            return address;
        }

        var message = $"{serverName} is not reachable at {host}:{port} ({problem}). " +
                      $"Start it with `scripts/services.sh start`, or point {variable} at one.";
        TestContext.Progress.WriteLine(message);
        if (IsCi)
        {
            Assert.Fail($"{message} Under CI=true a missing server is a failure, not a skip.");
        }

        Assert.Ignore(message);
        return address;
    }

    /// <summary>"host:port" (or the first of "host:port,host:port"); IPv6 as "[::1]:port".</summary>
    public static (string Host, int Port) FirstHostPort(string address)
    {
        var first = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];
        var colon = first.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(first[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"'{address}' is not host:port.");
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
        catch (SocketException ex)
        {
            return ex.SocketErrorCode.ToString();
        }
    }
}
