namespace MicroFlask.Sessions.Tests;

/// <summary>Where the store tests find their servers: the MICROFLASK_TEST_* variables, else scripts/services.sh's defaults.</summary>
internal static class TestServers
{
    internal static string Redis => Read("MICROFLASK_TEST_REDIS", "127.0.0.1:6379");

    internal static string RedisCluster => Read("MICROFLASK_TEST_REDIS_CLUSTER", "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003");

    internal static string Memcached => Read("MICROFLASK_TEST_MEMCACHED", "127.0.0.1:11211");

    /// <summary>The second memcached of scripts/services.sh, for the store spread over two servers.</summary>
    internal static string Memcached2 => Read("MICROFLASK_TEST_MEMCACHED2", "127.0.0.1:11212");

    internal static string DynamoDb => Read("MICROFLASK_TEST_DYNAMODB", "http://127.0.0.1:8000");

    internal static string MongoDb => Read("MICROFLASK_TEST_MONGODB", "mongodb://127.0.0.1:27017");

    private static string Read(string name, string fallback) => Prerequisite.ServerAddress(name, fallback);
}
