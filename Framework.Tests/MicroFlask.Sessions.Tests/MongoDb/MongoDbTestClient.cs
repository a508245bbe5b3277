using MongoDB.Bson;
using MongoDB.Driver;

namespace MicroFlask.Sessions.Tests.MongoDb;

/// <summary>One MongoDB client for the whole test run, or the test ends as <see cref="Prerequisite"/> says.</summary>
internal static class MongoDbTestClient
{
    internal const string Database = "microflask_tests";

    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static MongoClient? Shared;

    internal static async Task<MongoClient> GetAsync()
    {
        var server = "mongodb (MICROFLASK_TEST_MONGODB) " + TestServers.MongoDb;
        return await Prerequisite.RequireAsync(server, async () =>
        {
            await Lock.WaitAsync();
            try
            {
                if (Shared is not null) return Shared;
                var settings = MongoClientSettings.FromConnectionString(TestServers.MongoDb);
                settings.ServerSelectionTimeout = TimeSpan.FromSeconds(3);
                var client = new MongoClient(settings);
                try
                {
                    await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
                return Shared = client;
            }
            finally
            {
                Lock.Release();
            }
        });
    }
}
