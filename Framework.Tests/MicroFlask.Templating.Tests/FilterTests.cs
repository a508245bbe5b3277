using MicroFlask.Http;

namespace MicroFlask.Templating.Tests;

/// <summary>What the differential corpus cannot show: the filters' errors, and the random one.</summary>
public class FilterTests
{
    private static string Render(string source, object? model = null)
    {
        using var t = TemplateApp.Create();
        return TemplateEngine.For(t.App).RenderString(source, model);
    }

    [TestCase("{{ {'a b': 1}|xmlattr }}", "Invalid character in attribute name: 'a b'")]
    [TestCase("{{ {'a/': 1}|xmlattr }}", "Invalid character in attribute name: 'a/'")]
    [TestCase("{{ {'a=': 1}|xmlattr }}", "Invalid character in attribute name: 'a='")]
    [TestCase("{{ 'x'|wordwrap(0) }}", "invalid width 0 (must be > 0)")]
    [TestCase("{{ 'x'|urlize(extra_schemes=['bad scheme']) }}", "'bad scheme' is not a valid URI scheme prefix.")]
    [TestCase("{{ [1]|slice(0) }}", "slice needs a number of slices above 0.")]
    [TestCase("{{ 'abc'|filesizeformat }}", "could not convert string to float: 'abc'")]
    public void Filter_BadArgument_FailsWithJinjasReason(string source, string reason)
    {
        Should.Throw<TemplateRuntimeException>(() => Render(source)).Reason.ShouldBe(reason);
    }

    [Test]
    public void Random_OfAList_IsOneOfItsItems()
    {
        var seen = Enumerable.Range(0, 40).Select(_ => Render("{{ ['a', 'b', 'c']|random }}")).ToHashSet();

        seen.ShouldBeSubsetOf(["a", "b", "c"]);
        seen.Count.ShouldBeGreaterThan(1);
    }

    [Test]
    public void Random_OfAnEmptyList_IsUndefined() => Render("[{{ []|random }}]").ShouldBe("[]");

    [Test]
    public void Urlize_ExtraScheme_IsLinked() =>
        Render("{{ 'see ftp://x.org/f'|urlize(extra_schemes=['ftp://']) }}").ShouldBe("see <a href=\"ftp://x.org/f\" rel=\"noopener\">ftp://x.org/f</a>");

    [Test]
    public void GroupBy_OnCSharpObjects_ReadsTheirProperties()
    {
        var people = new[] { new Person("ann", "NY"), new Person("bob", "LA"), new Person("cy", "NY") };

        var page = Render("{% for g in people|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }} {% endfor %}", new { people });

        page.ShouldBe("LA:bob NY:ann,cy ");
    }

    [Test]
    public void XmlAttr_MarkupValue_IsNotEscapedAgain() =>
        Render("<a{{ {'title': t}|xmlattr }}>", new { t = new Markup("&amp;") }).ShouldBe("<a title=\"&amp;\">");

    private sealed record Person(string Name, string City);
}
