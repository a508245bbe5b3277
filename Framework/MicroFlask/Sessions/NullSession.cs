namespace MicroFlask.Sessions;

/// <summary>
/// The session used when none can be opened (no SECRET_KEY): reads see an empty session, writes fail with an
/// error that says how to fix it.
/// </summary>
public sealed class NullSession : SessionDictionary
{
    internal const string Message =
        "The session is unavailable because no secret key was set. Set app.Config[\"SECRET_KEY\"] " +
        "(or the MICROFLASK_SECRET_KEY environment variable) to something unique and secret.";

    /// <summary>Creates the empty, read-only session.</summary>
    public NullSession() : base(null, isNew: true) { }

    /// <inheritdoc />
    protected override void OnWriting() => throw new InvalidOperationException(Message);
}
