using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MicroFlask.Sessions.Memcached.Tests.Client;

/// <summary>The client against no server, a closed port or a scripted fake: no memcached needed.</summary>
public class MemcachedClientOfflineTests
{
    private static MemcachedClient ClientFor(string server, int operationMs = 1000, int maxConnections = 4) =>
        new(new MemcachedClientOptions
        {
            Server = server,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            OperationTimeout = TimeSpan.FromMilliseconds(operationMs),
            MaxConnections = maxConnections,
        });

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [TestCase("127.0.0.1:11211")]
    [TestCase("localhost")]
    [TestCase("[::1]:11211")]
    [TestCase("memcached.internal:1")]
    public void Constructor_ValidServer_IsAccepted(string server) =>
        Should.NotThrow(() => new MemcachedClient(server).Dispose());

    [TestCase("")]
    [TestCase("host:")]
    [TestCase("host:port")]
    [TestCase("host:0")]
    [TestCase("host:70000")]
    [TestCase("[::1")]
    [TestCase(":11211")]
    public void Constructor_InvalidServer_ThrowsArgumentException(string server) =>
        Should.Throw<ArgumentException>(() => new MemcachedClient(server));

    [Test]
    public async Task GetAsync_ClosedPort_ThrowsMemcachedExceptionNamingServer()
    {
        using var client = ClientFor($"127.0.0.1:{ClosedPort()}");
        var error = await Should.ThrowAsync<MemcachedException>(() => client.GetAsync("k"));
        error.Server.ShouldBe(client.Server);
    }

    [Test]
    public async Task GetAsync_ClosedPort_FailsWithinConnectTimeout()
    {
        using var client = ClientFor($"127.0.0.1:{ClosedPort()}");
        var watch = Stopwatch.StartNew();
        await Should.ThrowAsync<MemcachedException>(() => client.GetAsync("k"));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    // A listener that never accepts, with its one-slot backlog filled: the kernel then drops further
    // SYNs, so a connect hangs as it would towards a dead host.
    [Test]
    public async Task GetAsync_ConnectHangs_TimesOutWithConnectReason()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var fillers = Enumerable.Range(0, 4).Select(_ => new Socket(SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            foreach (var filler in fillers)
            {
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            }

            await Task.Delay(100);
            using var client = ClientFor($"127.0.0.1:{port}", operationMs: 3000);
            var watch = Stopwatch.StartNew();
            var error = await Should.ThrowAsync<MemcachedException>(() => client.GetAsync("k"));
            error.Reason.ShouldBe("connect timed out after 500 ms");
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
            listener.Stop();
        }
    }

    [Test]
    public async Task GetAsync_SilentServer_TimesOutWithMemcachedException()
    {
        await using var server = new ScriptedServer(_ => null);
        using var client = ClientFor(server.Address, operationMs: 300);
        var watch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<MemcachedException>(() => client.GetAsync("k"));
        error.Reason.ShouldContain("timed out after 300 ms waiting for the reply");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task GetAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new ScriptedServer(_ => null);
        using var client = ClientFor(server.Address, operationMs: 10_000);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.CatchAsync<OperationCanceledException>(() => client.GetAsync("k", cancel.Token));
    }

    [TestCase("ERROR", "does not know the command")]
    [TestCase("CLIENT_ERROR bad command line format", "CLIENT_ERROR bad command line format")]
    [TestCase("SERVER_ERROR out of memory storing object", "SERVER_ERROR out of memory")]
    public async Task DeleteAsync_ErrorLine_ThrowsMemcachedException(string line, string expected)
    {
        await using var server = new ScriptedServer(_ => [line + "\r\n"]);
        using var client = ClientFor(server.Address);
        var error = await Should.ThrowAsync<MemcachedException>(() => client.DeleteAsync("k"));
        error.Reason.ShouldContain(expected);
    }

    [Test]
    public async Task DeleteAsync_AfterErrorLine_OpensFreshConnection()
    {
        var replies = 0;
        await using var server = new ScriptedServer(_ =>
            [Interlocked.Increment(ref replies) == 1 ? "SERVER_ERROR busy\r\n" : "DELETED\r\n"]);
        using var client = ClientFor(server.Address);
        await Should.ThrowAsync<MemcachedException>(() => client.DeleteAsync("k"));
        await client.DeleteAsync("k");
        client.ConnectionsOpened.ShouldBe(2);
    }

    [Test]
    public async Task GetsAsync_ReplySplitAcrossPackets_IsReassembled()
    {
        await using var server = new ScriptedServer(_ => ["VAL", "UE k 0 5 42\r\nab", "\r", "de\r\nEN", "D\r\n"]);
        using var client = ClientFor(server.Address);
        var item = await client.GetsAsync("k");
        item.ShouldNotBeNull();
        Encoding.ASCII.GetString(item.Value).ShouldBe("ab\rde");
        item.Cas.ShouldBe(42UL);
    }

    [Test]
    public async Task GetAsync_ServerClosedIdleConnection_Reconnects()
    {
        await using var server = new ScriptedServer(_ => ["END\r\n"], closeAfterReply: true);
        using var client = ClientFor(server.Address);
        await client.GetAsync("k");
        await Task.Delay(100); // let the hang-up arrive
        (await client.GetAsync("k")).ShouldBeNull();
    }

    [TestCase("with space")]
    [TestCase("")]
    public async Task SetAsync_InvalidKey_ThrowsArgumentExceptionBeforeConnecting(string key)
    {
        using var client = ClientFor($"127.0.0.1:{ClosedPort()}");
        await Should.ThrowAsync<ArgumentException>(() => client.SetAsync(key, new byte[1]));
    }

    [Test]
    public async Task SetAsync_ValueOverMaxValueSize_ThrowsArgumentException()
    {
        using var client = new MemcachedClient(new MemcachedClientOptions { Server = "127.0.0.1:1", MaxValueSize = 10 });
        var error = await Should.ThrowAsync<ArgumentException>(() => client.SetAsync("k", new byte[11]));
        error.Message.ShouldContain("MaxValueSize");
    }

    [Test]
    public async Task SetAsync_UsesTimeProviderForLongExpiry()
    {
        string? seen = null;
        await using var server = new ScriptedServer(line =>
        {
            if (line.StartsWith("set", StringComparison.Ordinal))
            {
                seen = line;
                return ["STORED\r\n"];
            }

            return null; // the data block line
        });
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var client = new MemcachedClient(new MemcachedClientOptions { Server = server.Address, TimeProvider = clock });
        await client.SetAsync("k", "v"u8.ToArray(), TimeSpan.FromDays(31));
        seen.ShouldBe($"set k 0 {1_800_000_000 + 31 * 86_400} 1");
    }

    [Test]
    public async Task GetAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var client = ClientFor("127.0.0.1:11211");
        client.Dispose();
        await Should.ThrowAsync<ObjectDisposedException>(() => client.GetAsync("k"));
    }
}
