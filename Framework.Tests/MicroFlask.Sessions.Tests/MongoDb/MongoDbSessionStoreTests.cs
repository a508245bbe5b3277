using MicroFlask.Sessions.MongoDb;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MicroFlask.Sessions.Tests.MongoDb;

/// <summary>What the MongoDB store does beyond the contract: its indexes, the document layout, expiry without the TTL monitor.</summary>
[External]
public sealed class MongoDbSessionStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private FakeTimeProvider _clock = null!;
    private MongoDbSessionStore _store = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        // A collection per test: index and sweep tests see only their own documents.
        var collection = "store_" + Guid.NewGuid().ToString("N")[..12];
        _store = new MongoDbSessionStore(await MongoDbTestClient.GetAsync(), MongoDbTestClient.Database, collection, _clock)
        {
            SweepInterval = TimeSpan.FromDays(365),
        };
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _store.Collection.Database.DropCollectionAsync(_store.Collection.CollectionNamespace.CollectionName);
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Indexes_AfterFirstUse_IncludeATtlIndexOnExpiration()
    {
        await _store.LoadAsync("s1", CancellationToken.None);

        var indexes = await ListIndexesAsync();

        indexes.ShouldContain(i => i["key"].AsBsonDocument.Contains("expiration") && i.GetValue("expireAfterSeconds", -1).ToInt32() == 0);
    }

    [Test]
    public async Task Indexes_AfterFirstUse_IncludeAUniqueIndexOnSid()
    {
        await _store.LoadAsync("s1", CancellationToken.None);

        var indexes = await ListIndexesAsync();

        indexes.ShouldContain(i => i["key"].AsBsonDocument.Contains("sid") && i.GetValue("unique", false).ToBoolean());
    }

    [Test]
    public async Task ApplyAsync_CollectionWithItsOwnExpirationIndex_StillSaves()
    {
        // A real MongoDB refuses a second index on the same key with other options (code 85); the store uses what is there.
        await _store.Collection.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("expiration"), new CreateIndexOptions { Name = "theirs", ExpireAfter = TimeSpan.FromHours(1) }));

        await _store.ApplyAsync("s1", Set("user", "1"), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldNotBeNull();
    }

    [Test]
    public async Task ApplyAsync_NewSession_StoresOneDocumentWithAnObjectIdAndTheExpiry()
    {
        await _store.ApplyAsync("s1", Set("user", "\"alice\""), Lifetime, CancellationToken.None);

        var document = await _store.Collection.Find(Builders<BsonDocument>.Filter.Eq("sid", "s1")).SingleAsync();

        (document["_id"].IsObjectId, document["data"]["user"].AsString, document["expiration"].ToUniversalTime())
            .ShouldBe((true, "\"alice\"", (_clock.GetUtcNow() + Lifetime).UtcDateTime));
    }

    [Test]
    public async Task ApplyAsync_IncrementOfAnIntegerStoredAsText_StoresItAsANumber()
    {
        await _store.ApplyAsync("s1", Set("n", "5"), Lifetime, CancellationToken.None);

        await _store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string>(), [], new Dictionary<string, long> { ["n"] = 2 }), Lifetime, CancellationToken.None);

        var document = await _store.Collection.Find(Builders<BsonDocument>.Filter.Eq("sid", "s1")).SingleAsync();
        // Int64 on MongoDB; CongoDB, in JavaScript, keeps a small number as an Int32.
        (document["data"]["n"].IsNumeric, document["data"]["n"].ToInt64()).ShouldBe((true, 7L));
    }

    [Test]
    public async Task LoadAsync_ExpiredDocumentNotYetSwept_ReturnsNull()
    {
        await _store.ApplyAsync("s1", Set("user", "\"alice\""), Lifetime, CancellationToken.None);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        (await _store.LoadAsync("s1", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task LoadAsync_ExpiredDocumentNotYetSwept_DocumentIsStillThere()
    {
        await _store.ApplyAsync("s1", Set("user", "\"alice\""), Lifetime, CancellationToken.None);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        await _store.LoadAsync("s1", CancellationToken.None);

        // The read ignored it: nothing (neither this test server nor a sweep) has removed it yet.
        (await _store.Collection.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("sid", "s1"))).ShouldBe(1);
    }

    [Test]
    public async Task ApplyAsync_OntoAnExpiredDocument_DoesNotReviveItsKeys()
    {
        await _store.ApplyAsync("s1", Set("old", "1"), Lifetime, CancellationToken.None);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        await _store.ApplyAsync("s1", Set("new", "2"), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None))!.Keys.ShouldBe(["new"]);
    }

    [Test]
    public async Task SweepExpiredAsync_RemovesOnlyExpiredDocuments()
    {
        await _store.ApplyAsync("old", Set("k", "1"), TimeSpan.FromMinutes(1), CancellationToken.None);
        await _store.ApplyAsync("live", Set("k", "1"), TimeSpan.FromHours(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));

        await _store.SweepExpiredAsync(CancellationToken.None);

        var documents = await _store.Collection.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        documents.Select(d => d["sid"].AsString).ShouldBe(["live"]);
    }

    [Test]
    public async Task ApplyAsync_AfterTheSweepInterval_SweepsExpiredDocuments()
    {
        await using var store = new MongoDbSessionStore(await MongoDbTestClient.GetAsync(), MongoDbTestClient.Database,
            _store.Collection.CollectionNamespace.CollectionName, _clock) { SweepInterval = TimeSpan.FromMinutes(5) };
        await store.ApplyAsync("old", Set("k", "1"), TimeSpan.FromMinutes(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(6));

        await store.ApplyAsync("other", Set("k", "1"), Lifetime, CancellationToken.None);

        (await store.Collection.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("sid", "old"))).ShouldBe(0);
    }

    [Test]
    public async Task ApplyAsync_KeysWithDotsAndDollars_ReadBackUnchanged()
    {
        var values = new Dictionary<string, string> { ["a.b"] = "1", ["$x"] = "2", ["50%"] = "3", [""] = "4" };
        await _store.ApplyAsync("s1", new SessionChanges(false, values, []), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None))!.ShouldBe(values, ignoreOrder: true);
    }

    [Test]
    public async Task ApplyAsync_RemovedKeys_AreUnsetOthersKept()
    {
        await _store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, []), Lifetime, CancellationToken.None);

        await _store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string>(), ["a"]), Lifetime, CancellationToken.None);

        (await _store.LoadAsync("s1", CancellationToken.None))!.Keys.ShouldBe(["b"]);
    }

    [Test]
    public async Task ApplyAsync_OnlyRemovalsOnAMissingSession_CreatesNothing()
    {
        await _store.ApplyAsync("s1", new SessionChanges(false, new Dictionary<string, string>(), ["a"]), Lifetime, CancellationToken.None);

        (await _store.Collection.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty)).ShouldBe(0);
    }

    private static SessionChanges Set(string key, string value) =>
        new(false, new Dictionary<string, string> { [key] = value }, []);

    private async Task<List<BsonDocument>> ListIndexesAsync() =>
        await (await _store.Collection.Indexes.ListAsync()).ToListAsync();
}
