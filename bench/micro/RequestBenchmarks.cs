using BenchmarkDotNet.Attributes;
using MicroFlask.Http;
using MicroFlask.Testing;
using MicroFlask.Wsgi;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Micro;

/// <summary>
/// A whole request in process through <see cref="App.WsgiApp"/>, the HTTP cases 1 and 2 without Kestrel: context
/// push and pop, routing, the view, the session opened and saved, the response built. The environ is built once:
/// on Kestrel the adapter builds it, which is Hosting's cost, not the request flow's.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private App _app = null!;
    private Environ _hello = null!;
    private Environ _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The bench app of bench/apps/MicroFlaskBench, cases hello and session-cookie.
        _app = new App("bench") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = "bench-secret-key" };
        _app.Route("/", () => "Hello");
        _app.Route("/session", () =>
        {
            var counter = Session.Current.GetLong("counter") + 1;
            Session.Current["counter"] = counter;
            return counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        _hello = new EnvironBuilder("GET", "/").Build();

        // A returning client: the cookie of a first request, so that each measured request loads and saves a session.
        var first = _app.WsgiApp(new EnvironBuilder("GET", "/session").Build()).GetAwaiter().GetResult();
        var setCookie = first.Headers.GetAll("Set-Cookie").Single()!;
        var builder = new EnvironBuilder("GET", "/session");
        builder.Headers["Cookie"] = setCookie[..setCookie.IndexOf(';')];
        _session = builder.Build();

        Check(_app.WsgiApp(_hello).GetAwaiter().GetResult(), "Hello");
        Check(_app.WsgiApp(_session).GetAwaiter().GetResult(), "2");
    }

    private static void Check(Response response, string body)
    {
        if (response.StatusCode != 200 || response.GetText() != body)
            throw new InvalidOperationException($"The bench app answered {response.StatusCode} '{response.GetText()}', expected '{body}'.");
    }

    [Benchmark]
    public Task<Response> Hello() => _app.WsgiApp(_hello);

    [Benchmark]
    public Task<Response> CookieSessionCounter() => _app.WsgiApp(_session);
}
