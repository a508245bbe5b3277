using Microsoft.Extensions.Caching.Distributed;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The <see cref="IDistributedCache"/> registered with <see cref="App.ConfigureServices"/>, which exists only once the app
/// has built its services (when it starts serving, after <see cref="App.UseSessionStore"/>): each call waits for the
/// start, then goes to the cache the app's provider gives.
/// </summary>
internal sealed class StartedAppDistributedCache(App app) : IDistributedCache
{
    private IDistributedCache? _cache;

    public byte[]? Get(string key) => Resolved().Get(key);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) => await (await ResolveAsync(token)).GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Resolved().Set(key, value, options);

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        await (await ResolveAsync(token)).SetAsync(key, value, options, token);

    public void Refresh(string key) => Resolved().Refresh(key);

    public async Task RefreshAsync(string key, CancellationToken token = default) => await (await ResolveAsync(token)).RefreshAsync(key, token);

    public void Remove(string key) => Resolved().Remove(key);

    public async Task RemoveAsync(string key, CancellationToken token = default) => await (await ResolveAsync(token)).RemoveAsync(key, token);

    // The start-up probe may ask before the app starts: it waits (within its timeout) rather than failing.
    private async ValueTask<IDistributedCache> ResolveAsync(CancellationToken token)
    {
        if (_cache is { } cache) return cache;
        await app.Started.WaitAsync(token);
        return Resolved();
    }

    private IDistributedCache Resolved() => _cache ??= app.Started.IsCompleted
        ? app.Services?.GetService(typeof(IDistributedCache)) as IDistributedCache ?? throw new InvalidOperationException(
            "SESSION_TYPE is \"distributedcache\" but the app's services have no IDistributedCache: register one with app.ConfigureServices.")
        : throw new InvalidOperationException("The session store's IDistributedCache comes from the app's services, which exist once the app starts serving.");
}
