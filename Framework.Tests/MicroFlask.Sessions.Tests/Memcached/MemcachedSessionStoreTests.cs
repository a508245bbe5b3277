using System.Text.Json;
using MicroFlask.Sessions.Memcached;
using MicroFlask.Sessions.ServerSide;

namespace MicroFlask.Sessions.Tests.Memcached;

/// <summary>What the memcached store does beyond the contract: its item format and what it makes of foreign items.</summary>
[External]
public sealed class MemcachedSessionStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private MemcachedClient _client = null!;
    private MemcachedSessionStore _store = null!;
    private string _key = "";

    [SetUp]
    public async Task SetUpAsync()
    {
        _client = new MemcachedClient(TestServers.Memcached);
        _store = new MemcachedSessionStore(_client);
        _key = "test:" + Guid.NewGuid().ToString("N");
        await Prerequisite.RequireAsync("memcached (MICROFLASK_TEST_MEMCACHED) " + TestServers.Memcached,
            async () => await _client.GetAsync(_key));
    }

    [TearDown]
    public void TearDown() => _client.Dispose();

    [Test]
    public async Task ApplyAsync_StoresOneVersionedJsonItem()
    {
        await _store.ApplyAsync(_key, Set("user", "\"alice\""), Lifetime, CancellationToken.None);

        using var item = JsonDocument.Parse((await _client.GetAsync(_key))!);
        (item.RootElement.GetProperty("v").GetInt32(), item.RootElement.GetProperty("data").GetProperty("user").GetString())
            .ShouldBe((1, "\"alice\""));
    }

    [Test]
    public async Task LoadAsync_AfterRemovingTheLastKey_ReturnsNull()
    {
        await _store.ApplyAsync(_key, Set("user", "1"), Lifetime, CancellationToken.None);

        await _store.ApplyAsync(_key, new SessionChanges(false, new Dictionary<string, string>(), ["user"]), Lifetime, CancellationToken.None);

        (await _store.LoadAsync(_key, CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task LoadAsync_AnItemThatIsNotASession_ThrowsInvalidData()
    {
        await _client.SetAsync(_key, "not json"u8.ToArray(), Lifetime);

        await Should.ThrowAsync<InvalidDataException>(async () => await _store.LoadAsync(_key, CancellationToken.None));
    }

    [Test]
    public async Task ApplyAsync_OnlyRemovalsOnAMissingSession_CreatesNothing()
    {
        await _store.ApplyAsync(_key, new SessionChanges(false, new Dictionary<string, string>(), ["user"]), Lifetime, CancellationToken.None);

        (await _client.GetAsync(_key)).ShouldBeNull();
    }

    [Test]
    public async Task ApplyAsync_ZeroLifetime_RemovesTheItem()
    {
        await _store.ApplyAsync(_key, Set("user", "1"), Lifetime, CancellationToken.None);

        await _store.ApplyAsync(_key, Set("user", "2"), TimeSpan.Zero, CancellationToken.None);

        (await _client.GetAsync(_key)).ShouldBeNull();
    }

    private static SessionChanges Set(string key, string value) =>
        new(false, new Dictionary<string, string> { [key] = value }, []);
}
