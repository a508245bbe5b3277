using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MicroFlask.Http;
using MicroFlask.Sessions;

namespace MicroFlask.TestSupport;

/// <summary>
/// Sessions kept in memory by a "sid" cookie, for tests that need a session from one request to the next (flashing)
/// or one per client (concurrency), without signing or a store. A sid nobody saved yet starts a new session that
/// is kept under that sid once modified; no cookie gets a new sid.
/// </summary>
internal sealed class InMemorySessionInterface : SessionInterface
{
    private readonly ConditionalWeakTable<ISession, string> _sids = new();

    /// <summary>Every saved session by its sid; tests may also put sessions here before a request.</summary>
    public ConcurrentDictionary<string, SessionDictionary> Sessions { get; } = new();

    public override ValueTask<ISession?> OpenSessionAsync(App app, Request request, CancellationToken cancellationToken)
    {
        var sid = request.Cookies.GetValueOrDefault("sid");
        if (sid is not null && Sessions.TryGetValue(sid, out var found)) return ValueTask.FromResult<ISession?>(found);
        var session = new SessionDictionary(isNew: true);
        _sids.Add(session, sid ?? Guid.NewGuid().ToString("N"));
        return ValueTask.FromResult<ISession?>(session);
    }

    public override ValueTask SaveSessionAsync(App app, ISession session, Response response, CancellationToken cancellationToken)
    {
        if (!session.Modified || !_sids.TryGetValue(session, out var sid)) return ValueTask.CompletedTask;
        Sessions[sid] = (SessionDictionary)session;
        response.SetCookie("sid", sid, httpOnly: true);
        return ValueTask.CompletedTask;
    }
}
