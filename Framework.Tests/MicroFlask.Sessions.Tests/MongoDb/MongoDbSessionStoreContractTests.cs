using MongoDB.Driver;
using MicroFlask.Sessions.MongoDb;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.MongoDb;

/// <summary>
/// The store contract against a MongoDB-wire server (CongoDB in CI, MICROFLASK_TEST_MONGODB). Expiry is measured
/// by the store on the app's clock, so the TTL tests use the fake clock.
/// </summary>
[External]
[TestFixture]
public sealed class MongoDbSessionStoreContractTests : UnreachableStoreContract
{
    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        new MongoDbSessionStore(await MongoDbTestClient.GetAsync(), MongoDbTestClient.Database, "contract_sessions", clock);

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new MongoDbSessionStore(
            "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500&connectTimeoutMS=500", MongoDbTestClient.Database, "contract_sessions", clock));

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new MongoDbSessionInterface((MongoDbSessionStore)store, options: options);

    [Test]
    public async Task UserSessions_Login_IndexesTheUserField()
    {
        await LoggedInAsync(CreateUserApp(), "alice");

        var indexes = await (await ((MongoDbSessionStore)Store).Collection.Indexes.ListAsync()).ToListAsync();

        indexes.Select(i => i["name"].AsString).ShouldContain("user");
    }
}
