using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using MicroFlask.Sessions.DynamoDb;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MicroFlask.Sessions.Tests.DynamoDb;

/// <summary>What the DynamoDB store does beyond the contract: the table it creates, the item layout, expiry before DynamoDB's TTL deletes.</summary>
[External]
public sealed class DynamoDbSessionStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private FakeTimeProvider _clock = null!;
    private AmazonDynamoDBClient _client = null!;
    private string _table = "";
    private DynamoDbSessionStore _store = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        _client = await DynamoDbTestClient.GetAsync();
        // A table per test: the creation tests see a table that did not exist.
        _table = "store_" + Guid.NewGuid().ToString("N")[..12];
        _store = new DynamoDbSessionStore(_client, _table, timeProvider: _clock);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _store.DisposeAsync();
        try
        {
            await _client.DeleteTableAsync(_table);
        }
        catch (ResourceNotFoundException)
        {
            // The test never made it.
        }
    }

    [Test]
    public async Task FirstUse_TableMissing_CreatesItWithTheIdAsHashKey()
    {
        await _store.LoadAsync("s1", CancellationToken.None);

        var table = (await _client.DescribeTableAsync(_table)).Table;

        table.TableStatus.ShouldBe(TableStatus.ACTIVE);
        table.KeySchema.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            k => k.AttributeName.ShouldBe("id"),
            k => k.KeyType.ShouldBe(KeyType.HASH));
    }

    [Test]
    public async Task FirstUse_TableExistsSet_DoesNotCreateTheTable()
    {
        await using var store = new DynamoDbSessionStore(_client, _table, tableExists: true, timeProvider: _clock);

        await Should.ThrowAsync<ResourceNotFoundException>(async () => await store.LoadAsync("s1", CancellationToken.None));
    }

    [Test]
    public async Task FirstUse_ServerWithoutUpdateTimeToLive_WarnsNamingTheTable()
    {
        // dynalite answers DescribeTimeToLive but not UpdateTimeToLive; AWS enables TTL, so there is no warning there.
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var store = new DynamoDbSessionStore(_client, _table, timeProvider: _clock, logger: factory.CreateLogger("test"));

        await store.LoadAsync("s1", CancellationToken.None);

        var ttl = await _client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _table });
        if (ttl.TimeToLiveDescription.TimeToLiveStatus == TimeToLiveStatus.ENABLED)
            logs.Entries.ShouldNotContain(e => e.Level == LogLevel.Warning);
        else
            logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains(_table, StringComparison.Ordinal));
    }

    [Test]
    public async Task Apply_StoresTheExpiryAsEpochSecondsForDynamoDbTtl()
    {
        await _store.ApplyAsync("s1", Set(("a", "1")), Lifetime, CancellationToken.None);

        var item = await RawAsync("s1");

        item["expiration"].N.ShouldBe((_clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Apply_KeepsEachSessionKeyAsAMapEntry()
    {
        await _store.ApplyAsync("s1", Set(("a", "1"), ("b", "2")), Lifetime, CancellationToken.None);

        var item = await RawAsync("s1");

        item["data"].M.Keys.ShouldBe(["a", "b"], ignoreOrder: true);
    }

    [Test]
    public async Task Load_ItemPastItsExpiryThatDynamoDbHasNotDeleted_IsMissing()
    {
        await _store.ApplyAsync("s1", Set(("a", "1")), Lifetime, CancellationToken.None);

        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        (await RawAsync("s1")).ShouldNotBeEmpty();
        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Apply_SetOnAnExpiredItem_DoesNotBringBackItsOldKeys()
    {
        await _store.ApplyAsync("s1", Set(("old", "1")), Lifetime, CancellationToken.None);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        await _store.ApplyAsync("s1", Set(("new", "2")), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldBe(new Dictionary<string, string> { ["new"] = "2" });
    }

    [Test]
    public async Task Apply_RefreshOfAnExpiredItem_DoesNotRevive()
    {
        await _store.ApplyAsync("s1", Set(("a", "1")), Lifetime, CancellationToken.None);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        await _store.ApplyAsync("s1", SessionChanges.None, Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task Apply_IncrementOfAnIntegerStoredAsText_StoresItAsANumber()
    {
        await _store.ApplyAsync("s1", Set(("n", "5")), Lifetime, CancellationToken.None);

        await _store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string>(), [], new Dictionary<string, long> { ["n"] = 2 }), Lifetime, CancellationToken.None);

        var item = await _client.GetItemAsync(new Amazon.DynamoDBv2.Model.GetItemRequest { TableName = _table, Key = new() { ["id"] = new() { S = "s1" } }, ConsistentRead = true });
        item.Item["data"].M["n"].N.ShouldBe("7");
    }

    [Test]
    public async Task Apply_MoreKeysThanOneUpdateHolds_StoresThemAll()
    {
        var many = Enumerable.Range(0, DynamoDbSessionStore.MaxKeysPerUpdate * 2 + 5).Select(i => ($"k{i}", $"v{i}")).ToArray();
        await _store.ApplyAsync("s1", Set(("first", "1")), Lifetime, CancellationToken.None);

        await _store.ApplyAsync("s1", Set(many), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None))!.Count.ShouldBe(many.Length + 1);
    }

    [TestCase("")]
    [TestCase("%")]
    [TestCase("%%x")]
    [TestCase("a.b[0]")]
    public async Task Apply_AwkwardKey_ComesBackUnchanged(string key)
    {
        await _store.ApplyAsync("s1", Set((key, "v"), ("%" + key, "w")), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldBe(new Dictionary<string, string> { [key] = "v", ["%" + key] = "w" }, ignoreOrder: true);
    }

    [Test]
    public void ToString_NamesTheEndpointAndTable()
    {
        _store.ToString().ShouldBe($"dynamodb {TestServers.DynamoDb.TrimEnd('/')}/{_table}");
    }

    private async Task<Dictionary<string, AttributeValue>> RawAsync(string id) =>
        (await _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = new() { ["id"] = new AttributeValue { S = id } }, ConsistentRead = true })).Item ?? [];

    private static SessionChanges Set(params (string Key, string Value)[] entries) =>
        new(false, entries.ToDictionary(e => e.Key, e => e.Value), []);
}
