using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroFlask.Hosting;

namespace MicroFlask.Tests.Hosting;

[NonParallelizable]
public class KestrelBodyLimitTests
{
    private const int OverTheDefaultCap = 31_000_000;

    private static Task<WsgiServer> Serve()
    {
        var app = TestApp.Create();
        app.Route("/", () => Request.Current.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), methods: ["POST"]);
        return app.StartAsync("127.0.0.1", 0);
    }

    [Test]
    public async Task Server_ContentLengthOver30MBWithMaxContentLengthUnset_Is413()
    {
        await using var server = await Serve();

        var status = await PostAsync(server, $"Content-Length: {OverTheDefaultCap}", chunked: false);

        status.ShouldStartWith("HTTP/1.1 413");
    }

    [Test]
    public async Task Server_ChunkedOver30MBWithMaxContentLengthUnset_Is413()
    {
        await using var server = await Serve();

        var status = await PostAsync(server, "Transfer-Encoding: chunked", chunked: true);

        status.ShouldStartWith("HTTP/1.1 413");
    }

    /// <summary>Sends a body of 31 MB while reading the status line, which may come before the body is all sent.</summary>
    private static async Task<string> PostAsync(WsgiServer server, string lengthHeader, bool chunked)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = socket.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: x\r\n{lengthHeader}\r\nConnection: close\r\n\r\n"), timeout.Token);
        var sending = Task.Run(async () =>
        {
            var chunk = new byte[1 << 20];
            var framing = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
            try
            {
                for (var sent = 0; sent < OverTheDefaultCap; sent += chunk.Length)
                {
                    if (chunked) await stream.WriteAsync(framing, timeout.Token);
                    await stream.WriteAsync(chunk, timeout.Token);
                    if (chunked) await stream.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
                }
            }
            catch (IOException)
            {
                // The server answered and closed the connection before the whole body was sent: expected.
            }
        });
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var status = await reader.ReadLineAsync(timeout.Token) ?? "";
        socket.Client.Shutdown(SocketShutdown.Both);
        await sending.WaitAsync(timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return status;
    }
}
