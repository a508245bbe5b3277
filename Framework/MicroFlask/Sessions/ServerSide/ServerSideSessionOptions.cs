using System.Globalization;

namespace MicroFlask.Sessions.ServerSide;

/// <summary>
/// The settings every server-side store shares, with Flask-Session's names and defaults. <see cref="FromConfig"/>
/// reads them from the app's config (SESSION_KEY_PREFIX, SESSION_USE_SIGNER, SESSION_PERMANENT, SESSION_ID_LENGTH,
/// SESSION_STORE_TIMEOUT, SESSION_USER_KEY).
/// </summary>
public sealed record ServerSideSessionOptions
{
    /// <summary>The fewest random bytes an id may have: 256 bits, beyond any guessing.</summary>
    public const int MinimumIdLength = 32;

    /// <summary>The most random bytes an id may have, so that every id fits the 256 characters a cookie id is checked against.</summary>
    public const int MaximumIdLength = 128;

    /// <summary>Prepended to the session id to make the store's key (SESSION_KEY_PREFIX, "session:").</summary>
    public string KeyPrefix { get; init; } = "session:";

    /// <summary>Whether the cookie carries the id signed with SECRET_KEY (SESSION_USE_SIGNER, false).</summary>
    public bool UseSigner { get; init; }

    /// <summary>Whether new sessions are permanent (SESSION_PERMANENT, true as in Flask-Session).</summary>
    public bool Permanent { get; init; } = true;

    /// <summary>Random bytes per session id, encoded as URL-safe base64 (SESSION_ID_LENGTH, 32; from 32 to 128).</summary>
    public int IdLength { get; init; } = MinimumIdLength;

    /// <summary>How long one store operation may take before the request gets a 503 (SESSION_STORE_TIMEOUT, 5 s).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The session key that holds the signed-in user (SESSION_USER_KEY, e.g. "user_id"; null: none): each save records the
    /// session under that user, so that <see cref="UserSessions"/> can list and end the user's sessions.
    /// </summary>
    public string? UserKey { get; init; }

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
        };
        if (options.UseSigner && string.IsNullOrEmpty(config.GetString("SECRET_KEY")))
            throw new InvalidOperationException("SESSION_USE_SIGNER is set but SECRET_KEY is not: set app.Config[\"SECRET_KEY\"] to sign session ids.");
        options.Validate();
        return options;
    }

    /// <summary>Checks the values; throws an error naming the config key of a bad one.</summary>
    internal void Validate()
    {
        if (IdLength < MinimumIdLength)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"SESSION_ID_LENGTH is {IdLength}: session ids need at least {MinimumIdLength} random bytes (256 bits)."));
        if (IdLength > MaximumIdLength)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"SESSION_ID_LENGTH is {IdLength}: at most {MaximumIdLength} random bytes."));
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
