using System.Net;
using MicroFlask.Wsgi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroFlask.Hosting;

/// <summary>
/// An app served on Kestrel (Werkzeug's <c>run_simple</c>, production-grade). Start one with
/// <see cref="App.StartAsync"/> or <see cref="App.Run(string, int)"/>; dispose it to stop gracefully.
/// </summary>
public sealed class WsgiServer : IAsyncDisposable
{
    private readonly KestrelServer _server;

    private WsgiServer(KestrelServer server, string host, int port)
    {
        _server = server;
        Host = host;
        Port = port;
    }

    /// <summary>The address listened on.</summary>
    public string Host { get; }

    /// <summary>The port listened on (the real one when 0 was asked for).</summary>
    public int Port { get; }

    /// <summary>The base URL, e.g. "http://127.0.0.1:5000".</summary>
    public string Url => $"http://{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port}";

    /// <summary>Starts serving <paramref name="app"/> on <paramref name="host"/>:<paramref name="port"/> (0 picks a free port).</summary>
    internal static async Task<WsgiServer> StartAsync(App app, string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            ApplicationServices = new ServiceCollection().AddSingleton(app.LoggerFactory).AddLogging().BuildServiceProvider(),
        };
        // The app enforces the same cap on its side (413 as the count passes it); each request also gets the config's
        // value of the moment (WsgiHttpApplication), so that a later change of MAX_CONTENT_LENGTH holds too.
        options.Limits.MaxRequestBodySize = app.RequestLimits.MaxBodySize;
        options.Listen(await ResolveAsync(host, cancellationToken), port);

        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), app.LoggerFactory);
        var server = new KestrelServer(Options.Create(options), transport, app.LoggerFactory);
        var application = new WsgiHttpApplication(app, host, port);
        await server.StartAsync(application, cancellationToken);

        var bound = port;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (port == 0 && addresses?.FirstOrDefault() is { } first) bound = new Uri(first).Port;
        var running = new WsgiServer(server, host, bound);
        if (port == 0) application.ServerPort = bound;
        app.Logger.LogInformation("Running on {Url} (press CTRL+C to quit)", running.Url);
        return running;
    }

    /// <summary>An address as is; a name (localhost, the machine's name) resolved, IPv4 first, as <c>flask run --host</c> accepts.</summary>
    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (IPAddress.TryParse(host, out var address)) return address;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        IPAddress[] found;
        try
        {
            found = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ArgumentException($"The host '{host}' is neither an address nor a name that resolves ({e.Message}). Use an address such as 127.0.0.1 or 0.0.0.0.", nameof(host), e);
        }
        return found.OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new ArgumentException($"The host '{host}' resolves to no address. Use an address such as 127.0.0.1 or 0.0.0.0.", nameof(host));
    }

    /// <summary>Stops accepting connections and lets requests in flight finish (up to <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        await _server.StopAsync(cts.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _server.Dispose();
    }
}
