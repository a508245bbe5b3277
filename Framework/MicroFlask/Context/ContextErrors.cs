namespace MicroFlask.Context;

/// <summary>The errors raised when a proxy is used with no context pushed, worded as Flask's so that the fix is clear.</summary>
internal static class ContextErrors
{
    internal const string OutsideRequest =
        "Working outside of request context. This typically means that you attempted to use functionality that " +
        "needed an active HTTP request (Request.Current, Session.Current). Run the code inside a view or a hook; " +
        "in a test, send a request with app.TestClient(), or push one with await app.TestRequestContextAsync(\"/\").";

    internal const string OutsideApp =
        "Working outside of application context. This typically means that you attempted to use functionality that " +
        "needed the current application (App.Current, G.Current). Run the code inside a request, or push one " +
        "yourself with await using var ctx = app.PushAppContext().";
}
