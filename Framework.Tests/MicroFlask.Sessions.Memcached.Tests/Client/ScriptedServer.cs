using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MicroFlask.Sessions.Memcached.Tests.Client;

/// <summary>
/// A fake memcached on a free loopback port that answers each request line from a script, for what a
/// real server will not do on demand: error lines, replies split over packets, silence, hang-ups.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, IReadOnlyList<string>?> _reply;
    private readonly bool _closeAfterReply;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    /// <param name="reply">Given a request line, the chunks to send (each written separately, a
    /// moment apart, so they arrive as separate packets); null to stay silent.</param>
    /// <param name="closeAfterReply">Hang up after each reply, as a restarting server would.</param>
    public ScriptedServer(Func<string, IReadOnlyList<string>?> reply, bool closeAfterReply = false)
    {
        _reply = reply;
        _closeAfterReply = closeAfterReply;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException
                                       or InvalidOperationException)
        {
            // Stopped: an accept racing with Stop() reports "not listening".
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var chunks = _reply(line);
                if (chunks is null)
                {
                    continue;
                }

                foreach (var chunk in chunks)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    await Task.Delay(20, _stop.Token);
                }

                if (_closeAfterReply)
                {
                    client.Close();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
