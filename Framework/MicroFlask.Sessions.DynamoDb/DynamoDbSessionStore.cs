using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using MicroFlask.Sessions.ServerSide;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Sessions.DynamoDb;

/// <summary>
/// Keeps each session in one DynamoDB item: <c>{ id: "session:…", data: { key: value, … }, expiration: epoch seconds }</c>.
/// A save is one <c>UpdateItem</c> that <c>SET</c>s and <c>REMOVE</c>s only the map entries the request changed, so
/// concurrent requests merge per key; a cleared session is a <c>SET</c> of the whole map. <c>expiration</c> is the
/// table's TTL attribute, and reads ignore an item past it, since DynamoDB deletes expired items up to days late.
/// </summary>
/// <remarks>
/// Map values are tagged JSON strings (<c>S</c>), except counters: an incremented key is updated by
/// <c>SET #d.#k = if_not_exists(#d.#k, 0) + :delta</c> (DynamoDB's <c>ADD</c> takes only top-level attributes), so it
/// is a number (<c>N</c>), read back as its decimal text. An integer set as a string (any value saved before a first
/// increment) is turned into a number once, by an update conditioned on that very string, and the update retried.
/// </remarks>
public sealed class DynamoDbSessionStore : ISessionStore
{
    /// <summary>SESSION_DYNAMODB_TABLE's default, as Flask-Session.</summary>
    public const string DefaultTable = "Sessions";

    internal const string IdAttribute = "id";
    internal const string DataAttribute = "data";
    internal const string ExpirationAttribute = "expiration";

    // An expression may be 4 KB long: this many changed keys per UpdateItem keep it well inside that.
    internal const int MaxKeysPerUpdate = 100;

    // DynamoDB makes an on-demand table ACTIVE within seconds; past this something is wrong with it.
    private static readonly TimeSpan TableCreationTimeout = TimeSpan.FromMinutes(1);

    private readonly IAmazonDynamoDB _client;
    private readonly bool _ownsClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _tableLock = new(1, 1);
    private volatile bool _tableReady;

    /// <summary>Uses an existing client (which the caller keeps and disposes).</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="table">SESSION_DYNAMODB_TABLE.</param>
    /// <param name="tableExists">SESSION_DYNAMODB_TABLE_EXISTS: when false, the first operation creates the table if it is missing, with TTL on <c>expiration</c>.</param>
    /// <param name="timeProvider">The clock reads compare expiry with; the system clock by default.</param>
    /// <param name="logger">Where a table that could not get TTL is reported.</param>
    public DynamoDbSessionStore(
        IAmazonDynamoDB client,
        string table = DefaultTable,
        bool tableExists = false,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(table);
        _client = client;
        Table = table;
        _tableReady = tableExists;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Connects to the DynamoDB endpoint at <paramref name="serviceUrl"/> ("http://127.0.0.1:8000" for DynamoDB Local or
    /// dynalite, "https://dynamodb.eu-west-1.amazonaws.com" for AWS); the client is disposed with the store. Each HTTP
    /// call is bounded by <paramref name="timeout"/> (SESSION_STORE_TIMEOUT, 5 s by default).
    /// </summary>
    /// <param name="serviceUrl">The endpoint URL.</param>
    /// <param name="table">SESSION_DYNAMODB_TABLE.</param>
    /// <param name="tableExists">SESSION_DYNAMODB_TABLE_EXISTS: when false, a missing table is created.</param>
    /// <param name="timeout">The SDK's per-call timeout.</param>
    /// <param name="timeProvider">The clock reads compare expiry with; the system clock by default.</param>
    /// <param name="logger">Where a table that could not get TTL is reported.</param>
    public DynamoDbSessionStore(
        string serviceUrl,
        string table = DefaultTable,
        bool tableExists = false,
        TimeSpan? timeout = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
        : this(CreateClient(serviceUrl, timeout ?? TimeSpan.FromSeconds(5)), table, tableExists, timeProvider, logger)
    {
        _ownsClient = true;
    }

    /// <summary>The table the sessions are in.</summary>
    public string Table { get; }

    /// <summary>The client (for inspection and maintenance).</summary>
    public IAmazonDynamoDB Client => _client;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = KeyOf(id),
            ConsistentRead = true,
        }, cancellationToken);
        var item = response.Item;
        if (item is null || item.Count == 0 || !IsLive(item, Now())) return null;
        // Like a Redis hash, a session without keys counts as missing.
        if (!item.TryGetValue(DataAttribute, out var data) || data.M is not { Count: > 0 } map) return null;
        var values = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (name, value) in map) values[DynamoDbMapKey.Decode(name)] = value.N ?? value.S;
        return values;
    }

    /// <inheritdoc />
    public async ValueTask ApplyAsync(string id, SessionChanges changes, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await EnsureTableAsync(cancellationToken);
        var now = Now();
        var expiration = (_timeProvider.GetUtcNow() + timeToLive).ToUnixTimeSeconds();
        if (changes.Cleared)
        {
            await ReplaceAsync(id, changes.Set, expiration, cancellationToken);
            return;
        }

        var edits = changes.Set.Select(p => new Edit(p.Key, p.Value, null))
            .Concat(changes.Increments.Select(p => new Edit(p.Key, null, p.Value)))
            .Concat(changes.Removed.Select(k => new Edit(k, null, null))).ToList();
        // Empty changes still refresh the expiry: one update with no map entries.
        if (edits.Count == 0) edits.Add(default);
        // More keys than one expression holds go in several updates, each atomic, in order.
        foreach (var chunk in edits.Chunk(MaxKeysPerUpdate))
        {
            var entries = chunk.Where(e => e.Key is not null).ToArray();
            await MergeAsync(id, entries, expiration, now, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await _client.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = KeyOf(id) }, cancellationToken);
    }

    /// <summary>Describes the table (creating it first when allowed): a round trip that proves the server answers.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await _client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, cancellationToken);
    }

    /// <summary>Disposes the client when this store created it; a client passed in is left to its owner.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ownsClient) _client.Dispose();
        _tableLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>2,048 bytes: DynamoDB's limit for a partition key.</summary>
    public int MaxKeyBytes => 2048;

    /// <summary>"dynamodb", the endpoint and the table, as named in logs and 503 reasons.</summary>
    public override string ToString()
    {
        var config = _client.Config;
        var endpoint = !string.IsNullOrEmpty(config.ServiceURL) ? config.ServiceURL.TrimEnd('/') : config.RegionEndpoint?.SystemName ?? "aws";
        return $"dynamodb {endpoint}/{Table}";
    }

    /// <summary>
    /// Applies set, incremented and removed entries onto the live item, or creates the item when there is none
    /// (or only an expired one) and something is set or incremented.
    /// </summary>
    private async Task MergeAsync(string id, Edit[] entries, long expiration, long now, CancellationToken cancellationToken)
    {
        // Two rounds suffice: a create that loses the race to another request finds that request's item next time.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _client.UpdateItemAsync(BuildMerge(id, entries, expiration, now), cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
                // No live item: a refresh or a removal has nothing to do, a set creates the session.
            }
            // The update failed whole: a counter is still a string (or another request set one again meanwhile).
            catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException" && attempt < 3 && entries.Any(entry => entry.Delta is not null))
            {
                if (!await ConvertCountersAsync(id, entries, cancellationToken)) throw;
                continue;
            }
            var sets = entries.Where(e => e.Value is not null || e.Delta is not null).ToArray();
            if (sets.Length == 0) return;
            try
            {
                await _client.PutItemAsync(new PutItemRequest
                {
                    TableName = Table,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [IdAttribute] = new() { S = id },
                        [DataAttribute] = new()
                        {
                            M = sets.ToDictionary(e => DynamoDbMapKey.Encode(e.Key), e => e.Delta is { } delta ? Number(delta) : new AttributeValue { S = e.Value }, StringComparer.Ordinal),
                        },
                        [ExpirationAttribute] = Number(expiration),
                    },
                    // An expired item nobody deleted yet must not lend its old keys to the new session: it is replaced.
                    ConditionExpression = "attribute_not_exists(#id) OR #e <= :now",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = IdAttribute, ["#e"] = ExpirationAttribute },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = Number(now) },
                }, cancellationToken);
                return;
            }
            catch (ConditionalCheckFailedException) when (attempt < 2)
            {
                // Another request created the session between our two steps: merge into its item instead.
            }
        }
    }

    private UpdateItemRequest BuildMerge(string id, Edit[] entries, long expiration, long now)
    {
        var names = new Dictionary<string, string> { ["#d"] = DataAttribute, ["#e"] = ExpirationAttribute };
        var values = new Dictionary<string, AttributeValue> { [":e"] = Number(expiration), [":now"] = Number(now) };
        var set = new StringBuilder("SET #e = :e");
        var remove = new StringBuilder();
        for (var i = 0; i < entries.Length; i++)
        {
            var (key, value, delta) = entries[i];
            var name = "#k" + i.ToString(CultureInfo.InvariantCulture);
            names[name] = DynamoDbMapKey.Encode(key);
            if (delta is { } by)
            {
                // Evaluated by the server on the item as it is now: concurrent increments all count.
                var placeholder = ":v" + i.ToString(CultureInfo.InvariantCulture);
                values[placeholder] = Number(by);
                values[":zero"] = Number(0);
                set.Append(", #d.").Append(name).Append(" = if_not_exists(#d.").Append(name).Append(", :zero) + ").Append(placeholder);
            }
            else if (value is not null)
            {
                var placeholder = ":v" + i.ToString(CultureInfo.InvariantCulture);
                values[placeholder] = new AttributeValue { S = value };
                set.Append(", #d.").Append(name).Append(" = ").Append(placeholder);
            }
            else
            {
                remove.Append(remove.Length == 0 ? " REMOVE " : ", ").Append("#d.").Append(name);
            }
        }
        return new UpdateItemRequest
        {
            TableName = Table,
            Key = KeyOf(id),
            UpdateExpression = set.Append(remove).ToString(),
            // Only a live session takes a merge; "#d" must exist for a path into it to be valid.
            ConditionExpression = "attribute_exists(#d) AND #e > :now",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>
    /// Turns each incremented entry stored as the text of an integer into that number; false when none was a string
    /// (the update failed for another reason).
    /// </summary>
    /// <exception cref="InvalidOperationException">A counter holds a value that is not an integer.</exception>
    private async Task<bool> ConvertCountersAsync(string id, Edit[] entries, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(new GetItemRequest { TableName = Table, Key = KeyOf(id), ConsistentRead = true }, cancellationToken);
        if (response.Item is null || !response.Item.TryGetValue(DataAttribute, out var data) || data.M is not { } map) return false;
        var converted = false;
        foreach (var entry in entries.Where(e => e.Delta is not null))
        {
            if (!map.TryGetValue(DynamoDbMapKey.Encode(entry.Key), out var stored) || stored.N is not null) continue;
            var number = SessionChanges.ParseCounter(entry.Key, stored.S ?? "a non-string attribute");
            try
            {
                // Only if it is still that very string: a value another request wrote since is left to the retry to judge.
                await _client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Table,
                    Key = KeyOf(id),
                    UpdateExpression = "SET #d.#k = :n",
                    ConditionExpression = "#d.#k = :s",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#d"] = DataAttribute, ["#k"] = DynamoDbMapKey.Encode(entry.Key) },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":n"] = Number(number), [":s"] = new() { S = stored.S } },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
                // Changed meanwhile: the retry sees the new value.
            }
            converted = true;
        }
        return converted;
    }

    private async Task ReplaceAsync(string id, IReadOnlyDictionary<string, string> entries, long expiration, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            await _client.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = KeyOf(id) }, cancellationToken);
            return;
        }
        // One SET of the whole map: the clear and the new keys in one atomic step, whether or not the item exists.
        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = KeyOf(id),
            UpdateExpression = "SET #d = :d, #e = :e",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#d"] = DataAttribute, ["#e"] = ExpirationAttribute },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":d"] = MapOf(entries), [":e"] = Number(expiration) },
        }, cancellationToken);
    }

    private async ValueTask EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_tableReady) return;
        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            if (_tableReady) return;
            if (await TableStatusAsync(cancellationToken) is null)
            {
                await CreateTableAsync(cancellationToken);
            }
            // Only once it worked: a server that was down at the first request gets its table later.
            _tableReady = true;
        }
        finally
        {
            _tableLock.Release();
        }
    }

    private async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.CreateTableAsync(new CreateTableRequest
            {
                TableName = Table,
                KeySchema = [new KeySchemaElement(IdAttribute, KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition(IdAttribute, ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Another process created it meanwhile: wait for it like for our own.
        }
        // Real time, not the session clock: this waits for the server. A request's own deadline usually ends it sooner.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await TableStatusAsync(cancellationToken) is { } status && status != TableStatus.ACTIVE)
        {
            if (waited.Elapsed > TableCreationTimeout)
                throw new InvalidOperationException($"Session table {this} is still {status} after {TableCreationTimeout.TotalSeconds:0} s: check the table in DynamoDB.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        try
        {
            await _client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = Table,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = ExpirationAttribute, Enabled = true },
            }, cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            // Sessions still expire on time (reads ignore expired items); only the deleting of old items is lost.
            _logger.LogWarning(
                "Session table {Store} was created but TTL on {Attribute} could not be enabled: {Reason}. Expired sessions are ignored on read but stay in the table until TTL is enabled",
                this, ExpirationAttribute, e.Message);
        }
    }

    private async Task<TableStatus?> TableStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.DescribeTableAsync(new DescribeTableRequest { TableName = Table }, cancellationToken);
            return response.Table.TableStatus;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();

    private static bool IsLive(Dictionary<string, AttributeValue> item, long now) =>
        item.TryGetValue(ExpirationAttribute, out var expiration)
        && long.TryParse(expiration.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds > now;

    private static Dictionary<string, AttributeValue> KeyOf(string id) => new() { [IdAttribute] = new AttributeValue { S = id } };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue MapOf(IEnumerable<KeyValuePair<string, string>> entries) =>
        new() { M = entries.ToDictionary(e => DynamoDbMapKey.Encode(e.Key), e => new AttributeValue { S = e.Value }, StringComparer.Ordinal) };

    private static AmazonDynamoDBClient CreateClient(string serviceUrl, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        // Parsing here makes a malformed URL a start-up error rather than a 503 on every request.
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException(
                $"SESSION_DYNAMODB \"{serviceUrl}\" is not an endpoint URL: use one such as \"http://127.0.0.1:8000\" or \"https://dynamodb.eu-west-1.amazonaws.com\", or an IAmazonDynamoDB client.");
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            // The SDK signs for a region even on a local endpoint; AWS_REGION when set, as the SDK reads it.
            AuthenticationRegion = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region ? region : "us-east-1",
            Timeout = timeout,
            ConnectTimeout = timeout < TimeSpan.FromSeconds(3) ? timeout : TimeSpan.FromSeconds(3),
            MaxErrorRetry = 2,
        };
        // DynamoDB Local and dynalite accept any credentials; an app on a laptop has none configured. Anywhere else the
        // SDK's usual chain (environment, profile, instance role) applies.
        if (uri.IsLoopback && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
            return new AmazonDynamoDBClient(new BasicAWSCredentials("microflask", "local"), config);
        return new AmazonDynamoDBClient(config);
    }

    /// <summary>One map entry of a merge: set to <see cref="Value"/>, incremented by <see cref="Delta"/>, or (both null) removed.</summary>
    private readonly record struct Edit(string Key, string? Value, long? Delta);
}
