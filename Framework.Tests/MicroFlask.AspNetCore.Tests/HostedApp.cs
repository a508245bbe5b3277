using MicroFlask.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace MicroFlask.AspNetCore.Tests;

/// <summary>
/// A MicroFlask app served in one <see cref="HostingMode"/>, with a client and the path it is mounted at: the one
/// setup every test of this project shares. Dispose to stop it.
/// </summary>
public sealed class HostedApp : IAsyncDisposable
{
    private readonly WsgiServer? _server;
    private readonly WebApplication? _web;

    private HostedApp(CookieClient client, string prefix, WsgiServer? server, WebApplication? web)
    {
        Client = client;
        Prefix = prefix;
        _server = server;
        _web = web;
    }

    /// <summary>The path the app is mounted at: "/flask" for <see cref="HostingMode.Mounted"/>, else "".</summary>
    public string Prefix { get; }

    /// <summary>A client that keeps cookies, addressed to the server.</summary>
    public CookieClient Client { get; }

    /// <summary>The URL of the app's <paramref name="path"/> (under <see cref="Prefix"/>).</summary>
    public string Url(string path) => Prefix + path;

    /// <summary>
    /// Serves <paramref name="app"/> in <paramref name="mode"/>. For the mounted modes, <paramref name="services"/> and
    /// <paramref name="pipeline"/> add to the WebApplication (authentication, endpoints of the host's own) before the mount,
    /// and <paramref name="mount"/>, when given, replaces the default mount (e.g. to add <c>RequireAuthorization()</c>).
    /// </summary>
    public static async Task<HostedApp> StartAsync(
        HostingMode mode,
        App app,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? pipeline = null,
        Action<WebApplication>? mount = null)
    {
        if (mode == HostingMode.Standalone)
        {
            var server = await app.StartAsync("127.0.0.1", 0);
            var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
            {
                BaseAddress = new Uri(server.Url),
                Timeout = TimeSpan.FromSeconds(30),
            };
            return new HostedApp(new CookieClient(http), "", server, null);
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        services?.Invoke(builder);
        var web = builder.Build();
        pipeline?.Invoke(web);
        var prefix = mode == HostingMode.Mounted ? "/flask" : "";
        if (mount is not null) mount(web);
        else if (mode == HostingMode.Mounted) web.MapMicroFlask(prefix, app);
        else web.UseMicroFlask(app);
        await web.StartAsync();
        var client = web.GetTestClient();
        return new HostedApp(new CookieClient(client), prefix, null, web);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        if (_web is not null) await _web.DisposeAsync();
    }
}
