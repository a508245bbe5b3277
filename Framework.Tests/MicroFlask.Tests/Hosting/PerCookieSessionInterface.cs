using System.Collections.Concurrent;
using MicroFlask.Http;
using MicroFlask.Sessions;

namespace MicroFlask.Tests.Hosting;

/// <summary>A session per "sid" cookie, kept in memory: enough to see whether requests ever get each other's session.</summary>
internal sealed class PerCookieSessionInterface : SessionInterface
{
    public ConcurrentDictionary<string, SessionDictionary> Sessions { get; } = new();

    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        var sid = request.Cookies.GetValueOrDefault("sid") ?? Guid.NewGuid().ToString("N");
        return ValueTask.FromResult<ISession?>(Sessions.GetOrAdd(sid, _ => new SessionDictionary()));
    }

    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
