using System.Diagnostics;
using System.Text;
using MicroFlask.TestSupport;

namespace MicroFlask.Sessions.Memcached.Tests.Client;

/// <summary>
/// The client against the real memcached of scripts/services.sh (MICROFLASK_TEST_MEMCACHED).
/// Keys are unique per test, and nothing here flushes the server, which others may share.
/// </summary>
[External]
public class MemcachedClientTests
{
    private string _server = "";
    private MemcachedClient _client = null!;

    [OneTimeSetUp]
    public async Task RequireServer() =>
        _server = await Prerequisite.RequireServerAsync("memcached", "MICROFLASK_TEST_MEMCACHED", "127.0.0.1:11211");

    [SetUp]
    public void CreateClient() => _client = NewClient();

    [TearDown]
    public void DisposeClient() => _client.Dispose();

    private MemcachedClient NewClient(int maxConnections = 16, int maxValueSize = 1024 * 1024) =>
        new(new MemcachedClientOptions { Server = _server, MaxConnections = maxConnections, MaxValueSize = maxValueSize });

    private static string Key() => $"microflask-test:{Guid.NewGuid():N}";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public async Task SetAsync_ThenGetAsync_RoundTripsBinaryValue()
    {
        var key = Key();
        byte[] value = [0, 1, 13, 10, 255, .. Bytes("END\r\n")];
        await _client.SetAsync(key, value);
        (await _client.GetAsync(key)).ShouldBe(value);
    }

    [Test]
    public async Task SetAsync_EmptyValue_RoundTrips()
    {
        var key = Key();
        await _client.SetAsync(key, Array.Empty<byte>());
        (await _client.GetAsync(key)).ShouldBe(Array.Empty<byte>());
    }

    [Test]
    public async Task SetAsync_LargeValue_RoundTrips()
    {
        var key = Key();
        var value = new byte[900 * 1024];
        Random.Shared.NextBytes(value);
        await _client.SetAsync(key, value);
        (await _client.GetAsync(key)).ShouldBe(value);
    }

    [Test]
    public async Task SetAsync_NonAsciiKey_RoundTrips()
    {
        var key = Key() + ":clé";
        await _client.SetAsync(key, Bytes("v"));
        (await _client.GetAsync(key)).ShouldBe(Bytes("v"));
    }

    [Test]
    public async Task SetAsync_ExistingKey_Replaces()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("one"));
        await _client.SetAsync(key, Bytes("two"));
        (await _client.GetAsync(key)).ShouldBe(Bytes("two"));
    }

    [Test]
    public async Task GetAsync_MissingKey_ReturnsNull() =>
        (await _client.GetAsync(Key())).ShouldBeNull();

    [Test]
    public async Task GetsAsync_MissingKey_ReturnsNull() =>
        (await _client.GetsAsync(Key())).ShouldBeNull();

    [Test]
    public async Task CasAsync_Unchanged_Stores()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("one"));
        var item = (await _client.GetsAsync(key))!;
        (await _client.CasAsync(key, Bytes("two"), item.Cas)).ShouldBe(CasResult.Stored);
    }

    [Test]
    public async Task CasAsync_ChangedSinceGets_ReturnsExists()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("one"));
        var item = (await _client.GetsAsync(key))!;
        await _client.SetAsync(key, Bytes("other writer"));
        (await _client.CasAsync(key, Bytes("two"), item.Cas)).ShouldBe(CasResult.Exists);
    }

    [Test]
    public async Task CasAsync_ChangedSinceGets_KeepsOtherWrite()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("one"));
        var item = (await _client.GetsAsync(key))!;
        await _client.SetAsync(key, Bytes("other writer"));
        await _client.CasAsync(key, Bytes("two"), item.Cas);
        (await _client.GetAsync(key)).ShouldBe(Bytes("other writer"));
    }

    [Test]
    public async Task CasAsync_DeletedSinceGets_ReturnsNotFound()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("one"));
        var item = (await _client.GetsAsync(key))!;
        await _client.DeleteAsync(key);
        (await _client.CasAsync(key, Bytes("two"), item.Cas)).ShouldBe(CasResult.NotFound);
    }

    [Test]
    public async Task AddAsync_NewKey_ReturnsTrue() =>
        (await _client.AddAsync(Key(), Bytes("v"))).ShouldBeTrue();

    [Test]
    public async Task AddAsync_ExistingKey_ReturnsFalse()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("first"));
        (await _client.AddAsync(key, Bytes("second"))).ShouldBeFalse();
    }

    [Test]
    public async Task AddAsync_ExistingKey_KeepsValue()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("first"));
        await _client.AddAsync(key, Bytes("second"));
        (await _client.GetAsync(key)).ShouldBe(Bytes("first"));
    }

    [Test]
    public async Task DeleteAsync_ExistingKey_RemovesIt()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("v"));
        (await _client.DeleteAsync(key)).ShouldBeTrue();
        (await _client.GetAsync(key)).ShouldBeNull();
    }

    [Test]
    public async Task DeleteAsync_MissingKey_ReturnsFalse() =>
        (await _client.DeleteAsync(Key())).ShouldBeFalse();

    [Test]
    public async Task TouchAsync_MissingKey_ReturnsFalse() =>
        (await _client.TouchAsync(Key(), TimeSpan.FromSeconds(10))).ShouldBeFalse();

    [Test]
    public async Task SetAsync_OneSecondExpiry_Expires()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("v"), TimeSpan.FromSeconds(1));
        (await _client.GetAsync(key)).ShouldNotBeNull();
        (await WaitUntilGoneAsync(key, TimeSpan.FromSeconds(4))).ShouldBeTrue();
    }

    [Test]
    public async Task TouchAsync_LongerExpiry_KeepsItemPastOldExpiry()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("v"), TimeSpan.FromSeconds(1));
        (await _client.TouchAsync(key, TimeSpan.FromMinutes(1))).ShouldBeTrue();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await _client.GetAsync(key)).ShouldBe(Bytes("v"));
    }

    [Test]
    public async Task TouchAsync_ShortExpiry_MakesItemExpire()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("v"));
        await _client.TouchAsync(key, TimeSpan.FromSeconds(1));
        (await WaitUntilGoneAsync(key, TimeSpan.FromSeconds(4))).ShouldBeTrue();
    }

    // Sent as a relative 2,678,400 the server would read it as a time in 1970 and drop the item at once.
    [Test]
    public async Task SetAsync_ExpiryOver30Days_IsStillReadable()
    {
        var key = Key();
        await _client.SetAsync(key, Bytes("v"), TimeSpan.FromDays(31));
        (await _client.GetAsync(key)).ShouldBe(Bytes("v"));
    }

    [Test]
    public async Task SequentialOperations_ReuseOneConnection()
    {
        var key = Key();
        for (var i = 0; i < 20; i++)
        {
            await _client.SetAsync(key, Bytes($"{i}"));
            await _client.GetAsync(key);
        }

        _client.ConnectionsOpened.ShouldBe(1);
    }

    [Test]
    public async Task ParallelOperations_OpenNoMoreThanMaxConnections()
    {
        using var client = NewClient(maxConnections: 4);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.SetAsync(Key(), Bytes($"{i}"))));
        client.ConnectionsOpened.ShouldBeLessThanOrEqualTo(4);
    }

    [Test]
    public async Task ParallelOperations_EachReadsItsOwnValue()
    {
        using var client = NewClient(maxConnections: 4);
        var keys = Enumerable.Range(0, 50).Select(_ => Key()).ToArray();
        await Task.WhenAll(keys.Select(k => client.SetAsync(k, Bytes(k))));
        var values = await Task.WhenAll(keys.Select(k => client.GetAsync(k)));
        values.Select(v => Encoding.UTF8.GetString(v!)).ShouldBe(keys);
    }

    // The client lets through more than memcached's 1 MB item limit here, so the server refuses it.
    [Test]
    public async Task SetAsync_ValueOverServerLimit_ThrowsMemcachedException()
    {
        using var client = NewClient(maxValueSize: 4 * 1024 * 1024);
        var error = await Should.ThrowAsync<MemcachedException>(() => client.SetAsync(Key(), new byte[2 * 1024 * 1024]));
        error.Reason.ShouldContain("SERVER_ERROR");
    }

    [Test]
    public async Task SetAsync_AfterServerError_UsesFreshConnection()
    {
        using var client = NewClient(maxValueSize: 4 * 1024 * 1024);
        await Should.ThrowAsync<MemcachedException>(() => client.SetAsync(Key(), new byte[2 * 1024 * 1024]));
        (await client.GetAsync(Key())).ShouldBeNull();
        client.ConnectionsOpened.ShouldBe(2);
    }

    /// <summary>memcached's clock ticks in whole seconds, so a 1 s item goes within about 2 s: poll, bounded.</summary>
    private async Task<bool> WaitUntilGoneAsync(string key, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (await _client.GetAsync(key) is null)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
