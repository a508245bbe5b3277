using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroFlask.Http;
using MicroFlask.Sessions.Json;

namespace MicroFlask.Sessions.ServerSide;

// The users' sessions (SESSION_USER_KEY, UserSessions): what a save records, and the listing and revoking.
public partial class ServerSideSessionInterface
{
    // "Last seen" is kept to the minute: a user's busy session does not rewrite its info on every request.
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);
    private static readonly byte[] HandleContext = "MicroFlask user session handle"u8.ToArray();

    /// <summary>The user of the session as it was loaded, and as this request leaves it (null: no user).</summary>
    private (string? Before, string? Now) UsersOf(ServerSideSession session)
    {
        if (Options.UserKey is not { } key) return default;
        var now = session.Data.TryGetValue(key, out var value) ? UserText(value) : null;
        return (UserOfStored(session.Stored), now);
    }

    /// <summary>
    /// <paramref name="changes"/>, plus the session's info entry when it belongs to a user and the info is due (a new user or
    /// id, or a minute since it was last written); <paramref name="written"/> says whether it was added.
    /// </summary>
    private SessionChanges WithUserInfo(App app, ServerSideSession session, (string? Before, string? Now) users, SessionChanges changes, out bool written)
    {
        written = false;
        if (users.Now is null) return changes;
        var now = app.TimeProvider.GetUtcNow();
        var stored = users.Before == users.Now ? UserSessionInfo.Read(session.Stored) : null;
        var due = stored is null || changes.Cleared || session.PreviousSid is not null || now - stored.Seen >= SeenResolution || now < stored.Seen;
        if (!due) return changes;
        written = true;
        var info = UserSessionInfo.Create(stored?.Created ?? now, now, session.Device.UserAgent, session.Device.RemoteAddress);
        var set = new Dictionary<string, string>(changes.Set, StringComparer.Ordinal)
        {
            [UserSessionInfo.Key] = info.Serialize(),
            [SessionFormat.VersionKey] = SessionFormat.Version,
        };
        return new SessionChanges(changes.Cleared, set, changes.Removed, changes.Increments);
    }

    /// <summary>After a save: the session leaves its former user's index (another user, or a new id) and joins its user's.</summary>
    private async Task IndexUserAsync(ServerSideSession session, (string? Before, string? Now) users, bool add, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (Options.UserKey is null) return;
        // A little longer than the session: its info, and so its index entry, is refreshed only once a minute.
        var indexLifetime = timeToLive + SeenResolution;
        var index = UserIndex(indexLifetime);
        if (users.Before is { } before && (before != users.Now || session.PreviousSid is not null))
            await index.RemoveAsync(UserIndexKey(before), [StoreKey(session.PreviousSid ?? session.Sid)], cancellationToken);
        if (add && users.Now is { } now) await index.AddAsync(UserIndexKey(now), StoreKey(session.Sid), indexLifetime, cancellationToken);
    }

    /// <summary>Deletes an emptied session's entry, and takes it out of its user's index.</summary>
    private async Task DeleteStoredAsync(App app, ServerSideSession session, string storedSid, CancellationToken cancellationToken)
    {
        await Store.DeleteAsync(StoreKey(storedSid), cancellationToken);
        if (Options.UserKey is not null && UserOfStored(session.Stored) is { } before)
            await UserIndex(app.PermanentSessionLifetime + SeenResolution).RemoveAsync(UserIndexKey(before), [StoreKey(storedSid)], cancellationToken);
    }

    /// <summary>The User-Agent and address to record, only when sessions record their user.</summary>
    private (string? UserAgent, string? RemoteAddress) DeviceOf(Request request) =>
        Options.UserKey is null ? default : (request.Header("User-Agent"), request.RemoteAddr);

    /// <summary>What <see cref="UserSessions.ListAsync"/> runs.</summary>
    internal async ValueTask<IReadOnlyList<UserSession>> ListUserSessionsAsync(App app, string user, ServerSideSession? current, CancellationToken cancellationToken)
    {
        var key = HandleKeys(app)[^1];
        var found = await FindUserSessionsAsync(app, user, cancellationToken);
        return found
            .Select(s => new UserSession(Handle(key, s.Sid), s.Info?.Created ?? DateTimeOffset.UnixEpoch, s.Info?.Seen ?? DateTimeOffset.UnixEpoch,
                s.Info?.UserAgent, s.Info?.RemoteAddress, s.Sid == current?.Sid))
            .OrderByDescending(s => s.LastSeen)
            .ToArray();
    }

    /// <summary>What <see cref="UserSessions.RevokeAsync"/> runs.</summary>
    internal async ValueTask<bool> RevokeUserSessionsAsync(App app, string user, string handle, bool keepCurrent, ServerSideSession? current, CancellationToken cancellationToken)
    {
        var keys = HandleKeys(app);
        var given = Encoding.ASCII.GetBytes(handle);
        // Every key, as signing: a handle listed just before SECRET_KEY rotated still names its session.
        var revoked = await RevokeAsync(app, user, sid => keys.Any(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Handle(k, sid)), given)),
            keepCurrent, current, cancellationToken);
        return revoked > 0;
    }

    /// <summary>What <see cref="UserSessions.RevokeAllAsync"/> runs.</summary>
    internal ValueTask<int> RevokeAllUserSessionsAsync(App app, string user, bool keepCurrent, ServerSideSession? current, CancellationToken cancellationToken)
    {
        // Checked before anything is deleted, as the other two do: an app without SECRET_KEY fails the same way everywhere.
        _ = HandleKeys(app);
        return RevokeAsync(app, user, _ => true, keepCurrent, current, cancellationToken);
    }

    private async ValueTask<int> RevokeAsync(App app, string user, Func<string, bool> chosen, bool keepCurrent, ServerSideSession? current, CancellationToken cancellationToken)
    {
        var found = await FindUserSessionsAsync(app, user, cancellationToken);
        var revoked = found.Select(s => s.Sid).Where(sid => !(keepCurrent && sid == current?.Sid) && chosen(sid)).ToArray();
        if (revoked.Length == 0) return 0;
        var index = UserIndex(app.PermanentSessionLifetime + SeenResolution);
        await RunAsync(app, "revoke", async token =>
        {
            // The entries go first: a failure after them leaves only stale ids in the index, which the next listing drops.
            foreach (var sid in revoked) await Store.DeleteAsync(StoreKey(sid), token);
            await index.RemoveAsync(UserIndexKey(user), revoked.Select(StoreKey).ToArray(), token);
            return true;
        }, cancellationToken);
        // Emptied, the current session is saved as a logout: no entry, and its cookie deleted.
        if (current is not null && revoked.Contains(current.Sid)) current.Clear();
        return revoked.Length;
    }

    /// <summary>The user's live sessions: each id of the index whose entry still exists and still belongs to the user; the stale ones are dropped.</summary>
    private async ValueTask<List<(string Sid, UserSessionInfo? Info)>> FindUserSessionsAsync(App app, string user, CancellationToken cancellationToken)
    {
        if (Options.UserKey is null)
            throw new InvalidOperationException(
                "UserSessions needs SESSION_USER_KEY: set app.Config[\"SESSION_USER_KEY\"] to the session key that holds the signed-in user "
                + "(e.g. \"user_id\") before app.UseSessionStore(), or ServerSideSessionOptions.UserKey, so that each save records its user.");
        var userKey = UserIndexKey(user);
        var index = UserIndex(app.PermanentSessionLifetime + SeenResolution);
        var ids = await RunAsync(app, "find user sessions", token => index.FindAsync(userKey, token), cancellationToken);
        var live = new List<(string, UserSessionInfo?)>(ids.Count);
        var stale = new List<string>();
        foreach (var id in ids)
        {
            var entries = id.StartsWith(Options.KeyPrefix, StringComparison.Ordinal)
                ? await RunAsync(app, "load", token => Store.LoadAsync(id, token), cancellationToken)
                : null;
            if (entries is not null && UserOfStored(entries) == user) live.Add((id[Options.KeyPrefix.Length..], UserSessionInfo.Read(entries)));
            else stale.Add(id);
        }
        if (stale.Count > 0)
            await RunAsync(app, "remove stale user sessions", async token =>
            {
                await index.RemoveAsync(userKey, stale, token);
                return true;
            }, cancellationToken);
        return live;
    }

    /// <summary>The store's own index, else one kept in the store's entries.</summary>
    private IUserSessionIndex UserIndex(TimeSpan timeToLive) => Store as IUserSessionIndex ?? new StoredUserSessionIndex(Store, timeToLive);

    /// <summary>
    /// Where the index of <paramref name="user"/> lives: the prefix, "u:" and a hash of the user, as long as an id but never one
    /// (an id has no ':'), so no cookie can open it and it fits wherever ids fit.
    /// </summary>
    private string UserIndexKey(string user) =>
        Options.KeyPrefix + "u:" + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..41];

    /// <summary>The user a stored session belongs to, from its serialized SESSION_USER_KEY entry.</summary>
    private string? UserOfStored(IReadOnlyDictionary<string, string>? entries)
    {
        if (Options.UserKey is not { } key || entries is null || !entries.TryGetValue(key, out var json)) return null;
        try
        {
            return UserText(TaggedJsonSerializer.Default.Loads(json));
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A user as text: a string as it is, a number in invariant digits; null or "" is no user.</summary>
    private static string? UserText(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => SessionFormat.Serialize(value),
    };

    /// <summary>The keys of the session handles, SECRET_KEY's last: derived with HKDF and a context of their own.</summary>
    private static byte[][] HandleKeys(App app)
    {
        var secret = app.SecretKey;
        if (string.IsNullOrEmpty(secret))
            throw new InvalidOperationException("UserSessions needs SECRET_KEY, which keys the handles that name sessions: set app.Config[\"SECRET_KEY\"].");
        return [.. app.Config.GetStringList("SECRET_KEY_FALLBACKS").Append(secret)
            .Select(k => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(k), 32, salt: [], info: HandleContext))];
    }

    private static string Handle(byte[] key, string sid) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(sid)));
}
