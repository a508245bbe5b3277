namespace MicroFlask.Sessions.Memcached.Tests.Client;

/// <summary>The pool's bound and its rule that a failed connection is never lent again.</summary>
public class MemcachedConnectionPoolTests
{
    private ScriptedServer _server = null!;

    [SetUp]
    public void StartServer() => _server = new ScriptedServer(_ => null);

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private Task<MemcachedConnection> ConnectAsync(CancellationToken cancellationToken) =>
        MemcachedConnection.OpenAsync("127.0.0.1", int.Parse(_server.Address.Split(':')[1]), cancellationToken);

    private MemcachedConnectionPool NewPool(int maxConnections) => new(maxConnections, ConnectAsync);

    [Test]
    public async Task RentAsync_AfterReusableReturn_LendsSameConnection()
    {
        using var pool = NewPool(2);
        var first = await pool.RentAsync(CancellationToken.None);
        pool.Return(first, reusable: true);
        (await pool.RentAsync(CancellationToken.None)).ShouldBeSameAs(first);
    }

    [Test]
    public async Task RentAsync_AfterFailedReturn_OpensNewConnection()
    {
        using var pool = NewPool(2);
        var first = await pool.RentAsync(CancellationToken.None);
        pool.Return(first, reusable: false);
        (await pool.RentAsync(CancellationToken.None)).ShouldNotBeSameAs(first);
    }

    [Test]
    public async Task RentAsync_AllLent_WaitsForCancellation()
    {
        using var pool = NewPool(1);
        await pool.RentAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.CatchAsync<OperationCanceledException>(() => pool.RentAsync(cancel.Token));
    }

    [Test]
    public async Task RentAsync_AllLent_ProceedsWhenOneIsReturned()
    {
        using var pool = NewPool(1);
        var first = await pool.RentAsync(CancellationToken.None);
        var waiting = pool.RentAsync(CancellationToken.None);
        await Task.Delay(50);
        pool.Return(first, reusable: true);
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeSameAs(first);
    }

    [Test]
    public async Task RentAsync_ConnectFails_FreesTheSlot()
    {
        var attempts = 0;
        using var pool = new MemcachedConnectionPool(1, ct => ++attempts == 1 ? throw new IOException("refused") : ConnectAsync(ct));
        await Should.ThrowAsync<IOException>(() => pool.RentAsync(CancellationToken.None));
        (await pool.RentAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).ShouldNotBeNull();
    }
}
