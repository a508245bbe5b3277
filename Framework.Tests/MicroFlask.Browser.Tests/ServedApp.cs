using MicroFlask.Hosting;

namespace MicroFlask.Browser.Tests;

/// <summary>An app served on Kestrel at 127.0.0.1 on a free port, for a browser to visit; dispose to stop it.</summary>
internal sealed class ServedApp : IAsyncDisposable
{
    private readonly WsgiServer _server;

    private ServedApp(WsgiServer server) => _server = server;

    /// <summary>The base URL, e.g. http://127.0.0.1:41234 .</summary>
    public string Url => _server.Url;

    /// <summary>Serves <paramref name="app"/> in-process, on the real server and not through the test client.</summary>
    public static async Task<ServedApp> StartAsync(App app) => new(await app.StartAsync("127.0.0.1", 0));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
