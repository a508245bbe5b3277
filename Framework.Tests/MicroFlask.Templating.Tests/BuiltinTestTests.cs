namespace MicroFlask.Templating.Tests;

/// <summary>What the differential corpus cannot show about Jinja's tests (<c>x is name</c>): errors, and C#-registered names.</summary>
public class BuiltinTestTests
{
    [Test]
    public void DivisibleBy_Zero_FailsAsPythonsModulo()
    {
        using var t = TemplateApp.Create();

        var error = Should.Throw<TemplateRuntimeException>(() => TemplateEngine.For(t.App).RenderString("{{ 3 is divisibleby 0 }}"));

        error.Reason.ShouldBe("integer division or modulo by zero");
    }

    [Test]
    public void FilterAndTestTests_SeeNamesRegisteredFromCSharp()
    {
        using var t = TemplateApp.Create();
        var engine = TemplateEngine.For(t.App);
        engine.Filters["shout"] = (v, _) => v;
        engine.Tests["short"] = (_, _) => true;

        engine.RenderString("{{ 'shout' is filter }} {{ 'short' is test }} {{ 'short' is filter }}").ShouldBe("True True False");
    }
}
