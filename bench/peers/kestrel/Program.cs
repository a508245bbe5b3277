using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// The physical limit of anything hosted on Kestrel here: Kestrel's own HTTP parsing and sockets, and an
// IHttpApplication<TContext> that answers "Hello" from a constant. No host, no DI, no middleware, no routing:
// MicroFlask sits on the same interface, so the gap between this row and microflask-hello is MicroFlask's own cost.
//   --port N (or --urls http://127.0.0.1:N)   where to listen, on 127.0.0.1

var port = PortFrom(args);
var options = new KestrelServerOptions { AddServerHeader = false };
options.Listen(IPAddress.Loopback, port);
var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
using var server = new KestrelServer(Options.Create(options), transport, NullLoggerFactory.Instance);

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
// run.sh stops servers with SIGTERM; stop cleanly rather than die mid-write.
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });

await server.StartAsync(new HelloApplication(), CancellationToken.None);
Console.WriteLine($"Kestrel ceiling on http://127.0.0.1:{port}");
try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
    // Asked to stop.
}
await server.StopAsync(CancellationToken.None);
return 0;

static int PortFrom(string[] args)
{
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--port") return int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        if (args[i] == "--urls") return new Uri(args[i + 1].Split(';')[0]).Port;
    }
    return 5000;
}

/// <summary>Answers every request with "Hello": the least an app on Kestrel can do.</summary>
internal sealed class HelloApplication : IHttpApplication<IFeatureCollection>
{
    private static readonly byte[] Body = "Hello"u8.ToArray();

    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    public Task ProcessRequestAsync(IFeatureCollection context)
    {
        var response = context.GetRequiredFeature<IHttpResponseFeature>();
        response.StatusCode = 200;
        response.Headers.ContentType = "text/plain; charset=utf-8";
        response.Headers.ContentLength = Body.Length;
        var write = context.GetRequiredFeature<IHttpResponseBodyFeature>().Writer.WriteAsync(Body);
        // Nearly always done at once (the bytes go into Kestrel's buffer): no Task to allocate then.
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    public void DisposeContext(IFeatureCollection context, Exception? exception)
    {
    }
}
