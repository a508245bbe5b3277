using System.Globalization;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The settings every server-side store shares, with Flask-Session's names and defaults. <see cref="FromConfig"/>
/// reads them from the app's config (SESSION_KEY_PREFIX, SESSION_USE_SIGNER, SESSION_PERMANENT, SESSION_ID_LENGTH,
/// SESSION_STORE_TIMEOUT, SESSION_USER_KEY, SESSION_CLEANUP_N_REQUESTS).
/// </summary>
public sealed record ServerSideSessionOptions
{
    /// <summary>
    /// The fewest random bytes an id should have: 256 bits, beyond any guessing (Flask-Session's default). Fewer are
    /// allowed, as in Flask-Session, with a start-up warning from <see cref="App.UseSessionStore"/>.
    /// </summary>
    public const int MinimumIdLength = 32;

    /// <summary>The most random bytes an id may have, so that every id fits the 256 characters a cookie id is checked against.</summary>
    public const int MaximumIdLength = 128;

    /// <summary>Prepended to the session id to make the store's key (SESSION_KEY_PREFIX, "session:").</summary>
    public string KeyPrefix { get; init; } = "session:";

    /// <summary>Whether the cookie carries the id signed with SECRET_KEY (SESSION_USE_SIGNER, false).</summary>
    public bool UseSigner { get; init; }

    /// <summary>Whether new sessions are permanent (SESSION_PERMANENT, true as in Flask-Session).</summary>
    public bool Permanent { get; init; } = true;

    /// <summary>Random bytes per session id, encoded as URL-safe base64 (SESSION_ID_LENGTH, 32; from 1 to 128, fewer than 32 with a warning).</summary>
    public int IdLength { get; init; } = MinimumIdLength;

    /// <summary>How long one store operation may take before the request gets a 503 (SESSION_STORE_TIMEOUT, 5 s).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The session key that holds the signed-in user (SESSION_USER_KEY, e.g. "user_id"; null: none): each save records the
    /// session under that user, so that <see cref="UserSessions"/> can list and end the user's sessions.
    /// </summary>
    public string? UserKey { get; init; }

    /// <summary>
    /// Saves between two sweeps of expired sessions, on a store that needs them (<see cref="ISessionSweeper"/>: SQL, files,
    /// MongoDB) (SESSION_CLEANUP_N_REQUESTS; 0 never sweeps). Null, the default, keeps the store's own default: every 100
    /// saves for SQL, none for the others (files are bounded by SESSION_FILE_THRESHOLD, MongoDB has its TTL index).
    /// </summary>
    public int? CleanupInterval { get; init; }

    /// <summary>Reads the options from <paramref name="config"/>; an invalid value is an error naming its key.</summary>
    public static ServerSideSessionOptions FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = new ServerSideSessionOptions
        {
            KeyPrefix = config.GetString("SESSION_KEY_PREFIX") ?? "session:",
            UseSigner = config.GetBool("SESSION_USE_SIGNER"),
            Permanent = config.GetBool("SESSION_PERMANENT", defaultValue: true),
            IdLength = (int)(config.GetLong("SESSION_ID_LENGTH") ?? MinimumIdLength),
            OperationTimeout = config.GetTimeSpan("SESSION_STORE_TIMEOUT") ?? TimeSpan.FromSeconds(5),
            UserKey = config.GetString("SESSION_USER_KEY") is { Length: > 0 } userKey ? userKey : null,
            CleanupInterval = config.GetLong("SESSION_CLEANUP_N_REQUESTS") switch
            {
                null => null,
                >= 0 and <= int.MaxValue and var n => (int)n,
                var n => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"SESSION_CLEANUP_N_REQUESTS is {n}: use a number of saves between two sweeps of expired sessions (e.g. 100), or 0 to never sweep.")),
            },
        };
        if (options.UseSigner && string.IsNullOrEmpty(config.GetString("SECRET_KEY")))
            throw new InvalidOperationException("SESSION_USE_SIGNER is set but SECRET_KEY is not: set app.Config[\"SECRET_KEY\"] to sign session ids.");
        options.Validate();
        return options;
    }

    /// <summary>Checks the values; throws an error naming the config key of a bad one.</summary>
    internal void Validate()
    {
        if (IdLength < 1)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"SESSION_ID_LENGTH is {IdLength}: it counts the random bytes of a session id, so it must be at least 1 (use {MinimumIdLength}, 256 bits)."));
        if (IdLength > MaximumIdLength)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"SESSION_ID_LENGTH is {IdLength}: at most {MaximumIdLength} random bytes."));
        if (CleanupInterval < 0)
            throw new InvalidOperationException("SESSION_CLEANUP_N_REQUESTS must be 0 (never sweep) or a number of saves between two sweeps.");
        if (OperationTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException("SESSION_STORE_TIMEOUT must be a positive duration.");
        ArgumentNullException.ThrowIfNull(KeyPrefix);
        // One character set for every store: memcached's keys cannot hold spaces or control characters, and a prefix
        // that works on one store should keep working when the app moves to another.
        if (KeyPrefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new InvalidOperationException(
                "SESSION_KEY_PREFIX may not contain spaces or control characters (memcached keys cannot hold them): use one such as \"session:\".");
    }
}
