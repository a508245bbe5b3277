namespace MicroFlask.Tests.Services;

public class ViewParameterTypeTests
{
    [Test]
    public void Route_GuidParameterOnIntVariable_FailsNamingTheFix()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.Route("/item/<int:id>", (Guid id) => "x", endpoint: "item"));

        error.Message.ShouldContain("The view 'item' takes 'id' as Guid, but the rule '/item/<int:id>' matches it as an integer");
        error.Message.ShouldContain("<uuid:id>");
    }

    [Test]
    public void Route_IntParameterOnStringVariable_FailsSuggestingTheIntConverter()
    {
        var app = TestApp.Create();

        var error = Should.Throw<ArgumentException>(() => app.Route("/item/<id>", (int id) => "x"));

        error.Message.ShouldContain("<int:id>");
    }

    [Test]
    public void Route_StringParameterOnFloatVariable_Fails()
    {
        var app = TestApp.Create();

        Should.Throw<ArgumentException>(() => app.Route("/at/<float:x>", (string x) => x)).Message.ShouldContain("a floating-point number");
    }

    [TestCase("/n/<int:n>", "/n/7", "7")]
    [TestCase("/f/<float:n>", "/f/2.5", "2.5")]
    public async Task Route_CompatibleNumberTypes_Bind(string rule, string path, string expected)
    {
        var app = TestApp.Create();
        Delegate view = rule.StartsWith("/n", StringComparison.Ordinal)
            ? (Func<long, string>)(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : (Func<decimal, string>)(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.Route(rule, view);

        (await app.TestClient().GetAsync(path)).Text.ShouldBe(expected);
    }

    [Test]
    public async Task Route_NullableIntOnIntVariable_Binds()
    {
        var app = TestApp.Create();
        app.Route("/n/<int:n>", (int? n) => $"{n}");

        (await app.TestClient().GetAsync("/n/3")).Text.ShouldBe("3");
    }

    [Test]
    public async Task Route_GuidOnUuidVariable_Binds()
    {
        var app = TestApp.Create();
        var id = Guid.NewGuid();
        app.Route("/u/<uuid:id>", (Guid id) => id.ToString());

        (await app.TestClient().GetAsync($"/u/{id}")).Text.ShouldBe(id.ToString());
    }
}
