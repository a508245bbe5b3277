using Microsoft.AspNetCore.Builder;

namespace MicroFlask.Browser.Tests;

/// <summary>An ASP.NET Core app served on a real Kestrel at 127.0.0.1 on a free port, for a browser to visit; dispose to stop it.</summary>
internal sealed class ServedWebApp : IAsyncDisposable
{
    private readonly WebApplication _web;

    private ServedWebApp(WebApplication web, string url)
    {
        _web = web;
        Url = url;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234 .</summary>
    public string Url { get; }

    /// <summary>Builds the app with <paramref name="build"/>, given the arguments that bind a free port, and starts it.</summary>
    public static async Task<ServedWebApp> StartAsync(Func<string[], WebApplication> build)
    {
        var web = build(["--urls", "http://127.0.0.1:0"]);
        await web.StartAsync();
        // With port 0, the server replaces the address it was given by the one it bound.
        return new ServedWebApp(web, web.Urls.Single().TrimEnd('/'));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }
}
