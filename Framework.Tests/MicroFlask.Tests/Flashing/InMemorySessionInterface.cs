using System.Collections.Concurrent;
using MicroFlask.Http;
using MicroFlask.Sessions;

namespace MicroFlask.Tests.Flashing;

/// <summary>Sessions kept in memory by a "sid" cookie: enough to carry flashed messages from one request to the next.</summary>
internal sealed class InMemorySessionInterface : SessionInterface
{
    public ConcurrentDictionary<string, SessionDictionary> Sessions { get; } = new();

    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        var sid = request.Cookies.GetValueOrDefault("sid");
        var session = sid is not null && Sessions.TryGetValue(sid, out var found) ? found : new SessionDictionary(isNew: true);
        return ValueTask.FromResult<ISession?>(session);
    }

    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        if (!session.Modified) return ValueTask.CompletedTask;
        var sid = Sessions.FirstOrDefault(pair => ReferenceEquals(pair.Value, session)).Key ?? Guid.NewGuid().ToString("N");
        Sessions[sid] = (SessionDictionary)session;
        response.SetCookie("sid", sid, httpOnly: true);
        return ValueTask.CompletedTask;
    }
}
