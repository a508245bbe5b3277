using System.Diagnostics;
using MicroFlask.Http;
using MicroFlask.Wsgi;

namespace MicroFlask.Tests.Telemetry;

public class RequestTelemetryTests
{
    [Test]
    public async Task Request_WithListener_MakesAServerSpanNamedByMethodAndRoute()
    {
        using var recorder = new TelemetryRecorder();
        var app = TestApp.Create();
        app.Route("/span-user/<int:id>", (int id) => $"user {id}");

        await app.TestClient().GetAsync("/span-user/7?x=1");

        var span = recorder.Activities.Single(a => a.GetTagItem("url.path") as string == "/span-user/7");
        (span.DisplayName, span.Kind, span.GetTagItem("http.request.method"), span.GetTagItem("http.route"), span.GetTagItem("http.response.status_code"), span.Status)
            .ShouldBe(("GET /span-user/<int:id>", ActivityKind.Server, (object)"GET", (object)"/span-user/<int:id>", (object)200, ActivityStatusCode.Unset));
    }

    [Test]
    public async Task Request_ViewFails_SpanAndMetricCarryErrorType()
    {
        using var recorder = new TelemetryRecorder();
        var app = TestApp.Create();
        app.Route("/span-fail", string () => throw new InvalidOperationException("boom"));

        await app.TestClient().GetAsync("/span-fail");

        var span = recorder.Activities.Single(a => a.GetTagItem("url.path") as string == "/span-fail");
        var metric = recorder.Of("http.server.request.duration", "http.route", "/span-fail").Single();
        (span.GetTagItem("error.type"), span.Status, metric.Tags["error.type"], metric.Tags["http.response.status_code"])
            .ShouldBe(((object)"500", ActivityStatusCode.Error, (object?)"500", (object?)500));
    }

    [Test]
    public async Task Request_WithMeterListener_RecordsTheDurationByMethodRouteAndStatus()
    {
        using var recorder = new TelemetryRecorder(activities: false);
        var app = TestApp.Create();
        app.Route("/metric-item/<name>", (string name) => new Response(name, 201));

        await app.TestClient().GetAsync("/metric-item/a");
        await app.TestClient().GetAsync("/metric-item/b");

        var measurements = recorder.Of("http.server.request.duration", "http.route", "/metric-item/<name>");
        measurements.Count.ShouldBe(2);
        measurements.ShouldAllBe(m => Equals(m.Tags["http.request.method"], "GET") && Equals(m.Tags["http.response.status_code"], 201) && m.Value > 0 && m.Value < 10);
    }

    [Test]
    public async Task Request_UnknownMethod_IsRecordedAsOther()
    {
        using var recorder = new TelemetryRecorder(activities: false);
        var app = TestApp.Create();
        app.Route("/metric-other", () => "x", methods: ["BREW"]);

        await app.WsgiApp(new Environ { RequestMethod = "BREW", PathInfo = "/metric-other" });

        recorder.Of("http.server.request.duration", "http.route", "/metric-other").Single().Tags["http.request.method"].ShouldBe("_OTHER");
    }

    [Test]
    public async Task Request_TraceparentHeader_ContinuesTheCallersTrace()
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        var app = TestApp.Create();
        app.Route("/span-traced", () => "x");
        var client = app.TestClient();

        await client.GetAsync("/span-traced", headers: new Dictionary<string, string> { ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });

        var span = recorder.Activities.Single(a => a.GetTagItem("url.path") as string == "/span-traced");
        (span.TraceId.ToString(), span.ParentSpanId.ToString()).ShouldBe(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
    }

    [Test]
    public async Task Request_HostMadeTheServerSpan_AddsTheRouteToItInsteadOfASecondSpan()
    {
        using var recorder = new TelemetryRecorder(metrics: false);
        using var hostSource = new ActivitySource("Test.Host");
        using var hostListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Test.Host",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(hostListener);
        var app = TestApp.Create();
        app.Route("/mounted/<int:id>", (int id) => "x");

        using (var host = hostSource.StartActivity("GET", ActivityKind.Server)!)
        {
            await app.WsgiApp(new Environ { PathInfo = "/mounted/3" });

            (host.GetTagItem("http.route"), host.DisplayName).ShouldBe(((object)"/mounted/<int:id>", "GET /mounted/<int:id>"));
        }
        recorder.Activities.ShouldNotContain(a => a.Kind == ActivityKind.Server);
    }

    [Test]
    public async Task Request_NobodyListens_StartsNoActivity()
    {
        var app = TestApp.Create();
        Activity? seen = null;
        app.Route("/quiet", () =>
        {
            seen = Activity.Current;
            return "x";
        });

        await app.TestClient().GetAsync("/quiet");

        seen.ShouldBeNull();
    }
}
