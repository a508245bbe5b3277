using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace MicroFlask.Sessions.Tests.DynamoDb;

/// <summary>One DynamoDB client for the whole test run (dynalite from scripts/services.sh), or the test ends as <see cref="Prerequisite"/> says.</summary>
internal static class DynamoDbTestClient
{
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static AmazonDynamoDBClient? Client;

    internal static AmazonDynamoDBClient Create(string serviceUrl) =>
        new(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(3),
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            MaxErrorRetry = 0,
        });

    internal static async Task<AmazonDynamoDBClient> GetAsync()
    {
        var server = "dynamodb (MICROFLASK_TEST_DYNAMODB) " + TestServers.DynamoDb;
        return await Prerequisite.RequireAsync(server, async () =>
        {
            await Lock.WaitAsync();
            try
            {
                if (Client is not null) return Client;
                var client = Create(TestServers.DynamoDb);
                try
                {
                    await client.ListTablesAsync(new Amazon.DynamoDBv2.Model.ListTablesRequest { Limit = 1 });
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
                return Client = client;
            }
            finally
            {
                Lock.Release();
            }
        });
    }
}
