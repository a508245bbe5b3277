using BenchmarkDotNet.Attributes;
using MicroFlask.Http;
using MicroFlask.Sessions;
using MicroFlask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroFlask.Micro;

/// <summary>The signed-cookie session on its own: open a 5-key session from its cookie, change it, save it.</summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private App _app = null!;
    private Request _request = null!;
    private readonly SecureCookieSessionInterface _interface = new();

    [GlobalSetup]
    public void Setup()
    {
        _app = new App("bench") { LoggerFactory = NullLoggerFactory.Instance, SecretKey = "bench-secret-key" };
        var cookie = _interface.GetSigningSerializer(_app)!.Dumps(SigningBenchmarks.FiveKeySession());
        var builder = new EnvironBuilder("GET", "/session");
        builder.Headers["Cookie"] = "session=" + cookie;
        _request = new Request(builder.Build());
    }

    [Benchmark]
    public async Task<Response> OpenAndSaveFiveKeys()
    {
        var session = (await _interface.OpenSessionAsync(_app, _request, default))!;
        session["user_id"] = 43L;
        var response = new Response("ok");
        await _interface.SaveSessionAsync(_app, session, response, default);
        return response;
    }
}
