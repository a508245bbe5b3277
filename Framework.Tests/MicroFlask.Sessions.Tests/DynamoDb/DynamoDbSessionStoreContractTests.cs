using MicroFlask.Sessions.DynamoDb;
using MicroFlask.Sessions.ServerSide;
using MicroFlask.Sessions.Tests.ServerSide;

namespace MicroFlask.Sessions.Tests.DynamoDb;

/// <summary>
/// The store contract against a DynamoDB-API server (dynalite in CI, MICROFLASK_TEST_DYNAMODB). Expiry is filtered
/// by the store on the app's clock (DynamoDB's TTL deletes late), so the TTL tests use the fake clock.
/// </summary>
[External]
[TestFixture]
public sealed class DynamoDbSessionStoreContractTests : UnreachableStoreContract
{
    // One table for the fixture (created by the store on first use); tests keep apart by key prefix.
    private const string Table = "contract_sessions";

    protected override async Task<ISessionStore> CreateStoreAsync(TimeProvider clock) =>
        new DynamoDbSessionStore(await DynamoDbTestClient.GetAsync(), Table, timeProvider: clock);

    protected override Task<ISessionStore> CreateUnreachableStoreAsync(TimeProvider clock) =>
        Task.FromResult<ISessionStore>(new DynamoDbSessionStore("http://127.0.0.1:1", Table, timeout: TimeSpan.FromSeconds(1), timeProvider: clock));

    protected override ServerSideSessionInterface CreateInterface(ISessionStore store, ServerSideSessionOptions options) =>
        new DynamoDbSessionInterface((DynamoDbSessionStore)store, options: options);
}
