using MicroFlask.Http;

namespace MicroFlask.Sessions;

/// <summary>No sessions at all (Flask-Session's SESSION_TYPE "null"): every request gets a <see cref="NullSession"/>.</summary>
public sealed class NullSessionInterface : SessionInterface
{
    /// <inheritdoc />
    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISession?>(null);

    /// <inheritdoc />
    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
