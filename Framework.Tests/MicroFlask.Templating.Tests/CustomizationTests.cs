using static MicroFlask.Templating.Templates;

namespace MicroFlask.Templating.Tests;

public class CustomizationTests
{
    [Test]
    public async Task Filters_CustomFilter_GetsTheValueAndArguments()
    {
        using var t = TemplateApp.Create(("index.html", "{{ name|shout(3, mark='?') }}"));
        TemplateEngine.For(t.App).Filters["shout"] = (value, args) =>
            $"{value}".ToUpperInvariant() + new string(((string)args.Get(1, "mark", "!")!)[0], (int)(long)args.Positional[0]!);

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { name = "hi" }));

        page.ShouldBe("HI???");
    }

    [Test]
    public async Task Tests_CustomTest_IsUsedByIs()
    {
        using var t = TemplateApp.Create(("index.html", "{{ 'yes' if name is short else 'no' }}"));
        TemplateEngine.For(t.App).Tests["short"] = (value, _) => $"{value}".Length < 5;

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { name = "ann" }));

        page.ShouldBe("yes");
    }

    [Test]
    public async Task Globals_FunctionAndValue_AreSeenByEveryTemplate()
    {
        using var t = TemplateApp.Create(("index.html", "{{ site }}: {{ add(2, b=3) }}"));
        var engine = TemplateEngine.For(t.App);
        engine.Globals["site"] = "Shop";
        engine.Globals["add"] = new TemplateFunction(args => (long)args.Positional[0]! + (long)args.Get(1, "b")!);

        var page = await t.GetAsync(() => RenderTemplate("index.html"));

        page.ShouldBe("Shop: 5");
    }

    [Test]
    public async Task Filters_CustomFilterReturningMarkup_IsNotEscaped()
    {
        using var t = TemplateApp.Create(("index.html", "{{ name|bold }}"));
        TemplateEngine.For(t.App).Filters["bold"] = (value, _) => new Markup("<b>" + Markup.Escape(value).Html + "</b>");

        var page = await t.GetAsync(() => RenderTemplate("index.html", new { name = "<x>" }));

        page.ShouldBe("<b>&lt;x&gt;</b>");
    }
}
