using MicroFlask.Sessions;
using MicroFlask.Sessions.Json;
using MicroFlask.Tests.Compat;

namespace MicroFlask.Tests.Sessions.Json;

/// <summary>Custom tags, as Flask's <c>TaggedJSONSerializer.register(tag_class, force, index)</c>.</summary>
public class CustomTagTests
{
    public sealed record Point(long X, long Y);

    /// <summary>Flask's docs' pattern: a type JSON lacks, written as {" p": [x, y]}.</summary>
    private sealed class TagPoint : JsonTag
    {
        public override string Key => " p";

        public override bool Check(object? value) => value is Point;

        public override object? ToJson(object? value) => new object[] { ((Point)value!).X, ((Point)value!).Y };

        public override object? ToPython(object? value) => value is List<object?> { Count: 2 } xy ? new Point((long)xy[0]!, (long)xy[1]!) : throw new FormatException("Not a point.");
    }

    /// <summary>Takes every Guid, for the order tests: Flask's own " u" takes them first unless this one comes before.</summary>
    private sealed class TagGuidAsText(string key = " g") : JsonTag
    {
        public override string Key => key;

        public override bool Check(object? value) => value is Guid;

        public override object? ToJson(object? value) => ((Guid)value!).ToString("D");

        public override object? ToPython(object? value) => Guid.Parse((string)value!);
    }

    [Test]
    public void Register_CustomType_RoundTripsNestedInsideOtherTags()
    {
        var serializer = new TaggedJsonSerializer().Register(new TagPoint());
        var value = new Dictionary<string, object?> { ["points"] = new List<object?> { new Point(1, 2), (new Point(3, 4), "t") } };

        var json = serializer.Dumps(value);
        var back = (Dictionary<string, object?>)serializer.Loads(json)!;

        json.ShouldBe("{\"points\":[{\" p\":[1,2]},{\" t\":[{\" p\":[3,4]},\"t\"]}]}");
        var points = (List<object?>)back["points"]!;
        (points[0], ((JsonTuple)points[1]!)[0]).ShouldBe((new Point(1, 2), (object?)new Point(3, 4)));
    }

    [Test]
    public void Register_KeyTaken_FailsUnlessForced()
    {
        var serializer = new TaggedJsonSerializer().Register(new TagPoint());

        Should.Throw<InvalidOperationException>(() => serializer.Register(new TagPoint())).Message.ShouldContain("Tag ' p' is already registered");
        Should.Throw<InvalidOperationException>(() => serializer.Register(new TagGuidAsText(" u")));
        Should.NotThrow(() => serializer.Register(new TagPoint(), force: true));
    }

    [Test]
    public void Register_ForcedOverFlasksKey_ReadsThatKeyWithTheNewTag()
    {
        var serializer = new TaggedJsonSerializer().Register(new TagGuidAsText(" u"), force: true);

        serializer.Loads("{\" u\":\"c6c0a3b4-0000-4000-8000-000000000001\"}").ShouldBe(Guid.Parse("c6c0a3b4-0000-4000-8000-000000000001"));
    }

    [Test]
    public void Register_AtTheEnd_FlasksTagForTheSameTypeComesFirst() =>
        new TaggedJsonSerializer().Register(new TagGuidAsText()).Dumps(Guid.Empty).ShouldBe("{\" u\":\"00000000000000000000000000000000\"}");

    [Test]
    public void Register_AtIndexZero_ComesBeforeFlasksTags() =>
        new TaggedJsonSerializer().Register(new TagGuidAsText(), index: 0).Dumps(Guid.Empty).ShouldBe("{\" g\":\"00000000-0000-0000-0000-000000000000\"}");

    [Test]
    public void Dumps_DictionaryWhoseOnlyKeyIsACustomTag_IsEscapedAsFlaskDoes()
    {
        var serializer = new TaggedJsonSerializer().Register(new TagPoint());
        var value = new Dictionary<string, object?> { [" p"] = 1L };

        var json = serializer.Dumps(value);

        json.ShouldBe("{\" di\":{\" p__\":1}}");
        ((Dictionary<string, object?>)serializer.Loads(json)!)[" p"].ShouldBe(1L);
    }

    [Test]
    public void Register_OnTheSharedDefault_SaysToMakeYourOwn() =>
        Should.Throw<InvalidOperationException>(() => TaggedJsonSerializer.Default.Register(new TagPoint())).Message.ShouldContain("new TaggedJsonSerializer()");

    [Test]
    public void Default_DoesNotKnowAnotherSerializersTags() =>
        Should.Throw<NotSupportedException>(() => TaggedJsonSerializer.Default.Dumps(new Point(1, 2)));

    [Test]
    public async Task SessionInterface_WithTheSerializer_KeepsCustomValuesInTheCookie()
    {
        var app = TestApp.Create();
        app.SessionInterface = new SecureCookieSessionInterface { Serializer = new TaggedJsonSerializer().Register(new TagPoint()) };
        app.Route("/set", (ISession session) => { session["at"] = new Point(5, 6); return "ok"; });
        app.Route("/get", (ISession session) => session["at"] is Point p ? $"{p.X},{p.Y}" : "none");
        var client = app.TestClient();

        await client.GetAsync("/set");
        var response = await client.GetAsync("/get");

        response.Text.ShouldBe("5,6");
    }

    [Test]
    [External]
    public async Task Dumps_SameBytesAsFlaskWithTheSameTag()
    {
        await FlaskHarness.RequireFlaskAsync();
        const string script = """
            from flask.json.tag import JSONTag, TaggedJSONSerializer
            class Point:
                def __init__(self, x, y): self.x, self.y = x, y
            class TagPoint(JSONTag):
                key = " p"
                def check(self, value): return isinstance(value, Point)
                def to_json(self, value): return [value.x, value.y]
                def to_python(self, value): return Point(*value)
            from flask import Flask
            s = TaggedJSONSerializer()
            s.register(TagPoint)
            # In an app context, as when Flask saves a session: its JSON provider sorts the keys.
            with Flask("tags").app_context():
                text = s.dumps({"b": [Point(1, 2), (Point(3, 4), "t")], "a": {" p": 1}})
                back = s.loads(text)
            print(text)
            print(type(back["b"][0]).__name__, back["b"][0].x, back["b"][0].y, back["a"])
            """;

        var result = await ProcessRunner.RunAsync("python3", ["-c", script], TimeSpan.FromSeconds(60), stdin: "");
        var lines = result.Stdout.Trim().Split('\n');

        var ours = new TaggedJsonSerializer().Register(new TagPoint()).Dumps(new Dictionary<string, object?>
        {
            ["b"] = new List<object?> { new Point(1, 2), (new Point(3, 4), "t") },
            ["a"] = new Dictionary<string, object?> { [" p"] = 1L },
        });
        (result.ExitCode, lines[0]).ShouldBe((0, ours));
        lines[1].ShouldBe("Point 1 2 {' p': 1}");
    }
}
