using AppContext = MicroFlask.Context.AppContext;
using MicroFlask.Context;
using MicroFlask.Http;

namespace MicroFlask.Signals;

/// <summary>The signals an app sends during a request, named as Flask's (<c>request_started</c>...).</summary>
public sealed class AppSignals
{
    internal AppSignals() { }

    /// <summary>Before the before-request hooks (Flask's <c>request_started</c>).</summary>
    public Signal<Request> RequestStarted { get; } = new("request-started");

    /// <summary>After the response is finalized, session saved (<c>request_finished</c>).</summary>
    public Signal<Response> RequestFinished { get; } = new("request-finished");

    /// <summary>When an unhandled exception reaches <see cref="App.HandleExceptionAsync"/> (<c>got_request_exception</c>).</summary>
    public Signal<Exception> GotRequestException { get; } = new("got-request-exception");

    /// <summary>After the teardown-request hooks ran (<c>request_tearing_down</c>); the argument is the error, or null.</summary>
    public Signal<Exception?> RequestTearingDown { get; } = new("request-tearing-down");

    /// <summary>When <see cref="Flash.Add"/> stores a message (<c>message_flashed</c>).</summary>
    public Signal<(string Message, string Category)> MessageFlashed { get; } = new("message-flashed");

    /// <summary>When an app context is pushed (<c>appcontext_pushed</c>).</summary>
    public Signal<AppContext> AppContextPushed { get; } = new("appcontext-pushed");

    /// <summary>When an app context is popped (<c>appcontext_popped</c>).</summary>
    public Signal<AppContext> AppContextPopped { get; } = new("appcontext-popped");

    /// <summary>After the teardown-appcontext hooks ran (<c>appcontext_tearing_down</c>).</summary>
    public Signal<Exception?> AppContextTearingDown { get; } = new("appcontext-tearing-down");
}
