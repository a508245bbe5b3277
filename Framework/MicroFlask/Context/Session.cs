using MicroFlask.Context;
using MicroFlask.Sessions;

namespace MicroFlask;

/// <summary>The session of the current request (Flask's <c>session</c> proxy): <c>Session.Current["user"] = name</c>.</summary>
public static class Session
{
    /// <summary>The current request's session; throws outside of a request.</summary>
    public static ISession Current => RequestContext.Current.Session;
}
