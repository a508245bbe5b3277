using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Tests.Hosting;

// The test client and the server decode a request's path by the same code: same target, same answer.
[NonParallelizable]
public class RequestTargetTests
{
    [TestCase("/a%20b/%C3%A9?x=1")]
    [TestCase("/%FF")]
    [TestCase("/%E0%A4%ZZ")]
    [TestCase("/ok%2")]
    public async Task Path_ServerAndTestClient_GiveTheSameAnswer(string target)
    {
        var app = TestApp.Create();
        app.Route("/<path:rest>", (string rest) => "path=" + Request.Current.Path);
        await using var server = await app.StartAsync("127.0.0.1", 0);

        var (status, body) = await RawGet(server.Port, target);
        var local = await app.TestClient().GetAsync(target);

        (status, body).ShouldBe((local.StatusCode, local.Text));
    }

    private static async Task<(int Status, string Body)> RawGet(int port, string target)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await reader.ReadToEndAsync(timeout.Token);
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
